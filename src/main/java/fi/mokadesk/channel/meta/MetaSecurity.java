package fi.mokadesk.channel.meta;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Meta's webhook address is open to everyone without sign-in, session or CSRF token: what stands in front
 * instead is the signature of every body ({@link MetaWebhookController}) and the verify token.
 */
@Configuration(proxyBeanMethods = false)
class MetaSecurity {

    @Bean
    @Order(0)
    SecurityFilterChain metaWebhook(HttpSecurity http) throws Exception {
        http.securityMatcher("/webhooks/meta")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .anonymous(a -> {})
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }
}
