/**
 * Storm detection: finds bursts of activity ("storms") in count series such as mentions per
 * 5 minutes, online and one alarm per storm.
 *
 * <p>Public API: {@link fi.mokadesk.storm.StormDetector} (one per series), its per-bucket
 * {@link fi.mokadesk.storm.StormResult} and per-storm {@link fi.mokadesk.storm.StormAlarm}, and
 * the {@code storms} command-line entry point {@link fi.mokadesk.storm.StormsCommand}. See
 * {@code docs/storms.md} for the model, its parameters and its evaluation.
 */
package fi.mokadesk.storm;
