package fi.mokadesk.listening;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Keyword rules over the JSON API (lead or admin token): {@code {"name", "terms": [...], "exclude": [...],
 * "channels": [ids] | "all", "foldDiacritics"}}. PATCH and PUT change the fields given.
 */
@RestController
@RequestMapping("/api/v1/keyword-rules")
class KeywordRulesApi {

    private final KeywordRules rules;

    KeywordRulesApi(KeywordRules rules) {
        this.rules = rules;
    }

    @PostMapping
    ResponseEntity<KeywordRules.RuleView> create(@RequestBody(required = false) Map<String, Object> body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(rules.create(body));
    }

    @GetMapping
    Map<String, List<KeywordRules.RuleView>> list() {
        return Map.of("rules", rules.list());
    }

    @GetMapping("/{id}")
    KeywordRules.RuleView get(@PathVariable UUID id) {
        return rules.get(id);
    }

    @PatchMapping("/{id}")
    KeywordRules.RuleView patch(@PathVariable UUID id, @RequestBody(required = false) Map<String, Object> body) {
        return rules.update(id, body);
    }

    @PutMapping("/{id}")
    KeywordRules.RuleView put(@PathVariable UUID id, @RequestBody(required = false) Map<String, Object> body) {
        return rules.update(id, body);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        rules.delete(id);
        return ResponseEntity.noContent().build();
    }
}
