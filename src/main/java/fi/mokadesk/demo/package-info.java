/**
 * The demo workspace a newcomer sees on first start: a small café chain's inbox with realistic Finnish
 * conversations — angry, abusive, praising and ordinary ones.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Demo",
        allowedDependencies = {"conversation", "kernel", "storm", "workspace"})
package fi.mokadesk.demo;
