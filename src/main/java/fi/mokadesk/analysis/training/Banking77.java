package fi.mokadesk.analysis.training;

import fi.mokadesk.analysis.MessageAnalyzer;
import fi.mokadesk.analysis.training.Corpus.Row;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Banking77 customer queries (PolyAI, CC BY 4.0), training only: intents that clearly fit one of the
 * desk's categories train the English category model at a low weight; informational questions are
 * neutral; ordinary queries are examples of text without any toxicity attribute.
 */
final class Banking77 implements TrainingCorpus {
    static final String SOURCE = "banking77";

    private final Path file;

    Banking77(Path data) {
        this.file = data.resolve("en").resolve("banking77").resolve("train.csv");
    }

    static String category(String intent) {
        return switch (intent) {
            case "card_arrival", "card_delivery_estimate" -> "delivery";
            case "card_payment_fee_charged",
                    "extra_charge_on_statement",
                    "transaction_charged_twice",
                    "transfer_fee_charged",
                    "cash_withdrawal_charge",
                    "exchange_charge",
                    "card_payment_wrong_exchange_rate",
                    "wrong_exchange_rate_for_cash_withdrawal",
                    "direct_debit_payment_not_recognised",
                    "card_payment_not_recognised",
                    "Refund_not_showing_up",
                    "request_refund",
                    "top_up_by_bank_transfer_charge",
                    "top_up_by_card_charge",
                    "wrong_amount_of_cash_received" -> "billing";
            case "card_not_working", "contactless_not_working", "virtual_card_not_working", "card_swallowed" ->
                "product";
            case "passcode_forgotten", "lost_or_stolen_card", "lost_or_stolen_phone" -> "user_error";
            case "age_limit",
                    "country_support",
                    "supported_cards_and_currencies",
                    "fiat_currency_support",
                    "visa_or_mastercard",
                    "exchange_rate",
                    "transfer_timing",
                    "top_up_limits",
                    "disposable_card_limits",
                    "apple_pay_or_google_pay",
                    "getting_virtual_card",
                    "getting_spare_card",
                    "receiving_money",
                    "atm_support" -> "question";
            default -> null;
        };
    }

    @Override
    public void load(TrainingSet set) throws IOException {
        List<Row> rows = Corpus.readTextLabelCsv(file);
        rows.removeIf(r -> category(r.get("label")) == null);
        set.count("Banking77 en (mapped intents, training only)", rows.size());
        Map<String, List<Row>> byCategory = new LinkedHashMap<>();
        for (Row r : rows) {
            byCategory
                    .computeIfAbsent(category(r.get("label")), k -> new ArrayList<>())
                    .add(r);
        }
        for (var e : byCategory.entrySet()) {
            for (Row r : Corpus.sample(e.getValue(), 200, SEED)) {
                set.train(MessageAnalyzer.TASK_CATEGORY, e.getKey(), r.text(), 0.1f, "en", SOURCE, null);
            }
        }
        for (Row r : Corpus.sample(rows, 1000, SEED)) {
            set.train(MessageAnalyzer.TASK_LANGUAGE, "en", r.text(), 1f, "", SOURCE, null);
        }
        for (Row r : Corpus.sample(rows, 800, SEED + 1)) {
            for (String l : MessageAnalyzer.TOXICITY_LABELS) {
                set.train(Labels.toxicity(l), "no", r.text(), 0.3f, "", SOURCE, null);
            }
            set.train(MessageAnalyzer.TASK_ABUSIVE, "no", r.text(), 0.3f, "", SOURCE, null);
        }
        for (Row r : Corpus.sample(byCategory.getOrDefault("question", List.of()), 400, SEED)) {
            set.train(MessageAnalyzer.TASK_SENTIMENT, "neutral", r.text(), 0.5f, "en", SOURCE, null);
        }
    }
}
