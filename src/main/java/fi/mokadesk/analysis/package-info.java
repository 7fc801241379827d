/**
 * Message analysis in Finnish, Swedish and English: language, sentiment, toxicity and abuse, problem
 * category, urgency cues and the words behind each label. Every inbound message is analysed right after
 * it is stored; agents can correct labels, and corrections are kept as training data.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Analysis",
        allowedDependencies = {"conversation", "database", "jsonl", "kernel", "workspace"})
package fi.mokadesk.analysis;
