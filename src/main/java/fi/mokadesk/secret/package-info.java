/**
 * The installation's secret key ({@code MOKADESK_SECRET_KEY}, or one generated once into the data directory)
 * and the purpose-specific keys derived from it: the audit chain's HMAC key, and later the key that
 * encrypts channel secrets. The master key never leaves this module and is never logged.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Secret keys",
        allowedDependencies = {"kernel"})
package fi.mokadesk.secret;
