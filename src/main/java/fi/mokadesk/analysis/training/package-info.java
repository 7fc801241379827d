/**
 * Offline training of the analysis models: one class per corpus, cross-validated choices,
 * calibration and the evaluation report. Run as {@code train-analysis}; the desk itself only loads
 * the finished model, and only the command is exposed.
 */
@org.springframework.modulith.NamedInterface("training")
package fi.mokadesk.analysis.training;
