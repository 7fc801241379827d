/**
 * Storm detection: finds bursts of activity ("storms") in count series such as mentions per
 * 5 minutes, online and one alarm per storm.
 *
 * <p>Public API: {@link fi.mokadesk.storm.StormDetector} (one per series), its per-bucket
 * {@link fi.mokadesk.storm.StormResult} and per-storm {@link fi.mokadesk.storm.StormAlarm}, and
 * the {@code storms} command-line entry point {@link fi.mokadesk.storm.StormsCommand}, and the
 * {@link fi.mokadesk.storm.StormDetected} event. In the running desk the module counts messages per
 * workspace and series, runs a detector per series in a cluster-safe job, stores storms, shows them in a
 * banner on every page and on the storms page, and notifies leads and admins. See {@code docs/storms.md}
 * for the model, its parameters, its evaluation and how the desk uses it.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Storms",
        allowedDependencies = {"channel", "conversation", "database", "kernel", "listening", "workspace"})
package fi.mokadesk.storm;
