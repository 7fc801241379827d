package fi.mokadesk.workspace;

import fi.mokadesk.database.Tenant;
import fi.mokadesk.kernel.ApiErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /actuator/prometheus} shows figures of the whole node, across every workspace, so only the
 * installation's operator reads it: an admin token of the operator's workspace (the first one, created at
 * first start) or the dedicated {@code MOKADESK_METRICS_TOKEN}. Any other token gets 403, none 401.
 */
@Configuration(proxyBeanMethods = false)
class MetricsAccess {

    static final String DENIED =
            "node-wide metrics need an admin token of the operator's workspace or the MOKADESK_METRICS_TOKEN";

    @Bean
    @Order(0)
    SecurityFilterChain metrics(
            HttpSecurity http,
            Workspaces workspaces,
            JdbcClient jdbc,
            @Value("${mokadesk.metrics-token:}") String metricsToken)
            throws Exception {
        http.securityMatcher("/actuator/prometheus")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .addFilterBefore(new Filter(workspaces, jdbc, metricsToken), AuthorizationFilter.class)
                .authorizeHttpRequests(auth -> auth.anyRequest().hasRole("METRICS"))
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> ApiErrors.write(
                                response,
                                HttpServletResponse.SC_UNAUTHORIZED,
                                "unauthorized",
                                null,
                                "send Authorization: Bearer <token>"))
                        .accessDeniedHandler((request, response, ex) -> ApiErrors.write(
                                response, HttpServletResponse.SC_FORBIDDEN, "forbidden", null, DENIED)));
        return http.build();
    }

    static final class Filter extends OncePerRequestFilter {

        private static final Logger log = LoggerFactory.getLogger(MetricsAccess.class);

        private final Workspaces workspaces;
        private final JdbcClient jdbc;
        private final byte[] metricsTokenHash;

        Filter(Workspaces workspaces, JdbcClient jdbc, String metricsToken) {
            this.workspaces = workspaces;
            this.jdbc = jdbc;
            this.metricsTokenHash = metricsToken == null || metricsToken.isBlank()
                    ? null
                    : Workspaces.hash(metricsToken.strip()).getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                chain.doFilter(request, response);
                return;
            }
            String secret = header.substring(7).trim();
            boolean allowed;
            String who;
            if (metricsTokenHash != null
                    && MessageDigest.isEqual(
                            metricsTokenHash, Workspaces.hash(secret).getBytes(StandardCharsets.US_ASCII))) {
                allowed = true;
                who = "metrics token";
            } else {
                Optional<Workspaces.TokenOwner> owner = workspaces.tokenOwner(secret);
                if (owner.isEmpty()) {
                    ApiErrors.write(
                            response,
                            HttpServletResponse.SC_UNAUTHORIZED,
                            "unauthorized",
                            null,
                            "unknown or revoked token");
                    return;
                }
                allowed = owner.get().role() == Role.ADMIN
                        && operatorWorkspace(owner.get().workspaceId());
                who = owner.get().name();
                if (!allowed)
                    log.info(
                            "Refused metrics to token '{}' of workspace {}",
                            who,
                            owner.get().workspaceId());
            }
            var authentication = new PreAuthenticatedAuthenticationToken(
                    who, null, List.of(new SimpleGrantedAuthority(allowed ? "ROLE_METRICS" : "ROLE_TOKEN")));
            SecurityContextHolder.getContext().setAuthentication(authentication);
            try {
                chain.doFilter(request, response);
            } finally {
                SecurityContextHolder.clearContext();
            }
        }

        private boolean operatorWorkspace(UUID workspace) {
            return Tenant.call(
                    workspace,
                    () -> jdbc.sql("select operator from workspace where id = ?")
                            .param(workspace)
                            .query(Boolean.class)
                            .optional()
                            .orElse(false));
        }
    }
}
