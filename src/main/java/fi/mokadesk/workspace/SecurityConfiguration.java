package fi.mokadesk.workspace;

import fi.mokadesk.database.DatabaseUnavailable;
import fi.mokadesk.kernel.ApiErrors;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                    + "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";

    /**
     * No observations of Spring Security's own steps (each filter of each request, each authentication and
     * authorization): under ingest load they cost about a tenth of the desk's CPU for timings nobody reads.
     * Turning them off by property ({@code management.observations.enable.spring.security=false}) is not
     * enough: the filter chain stays wrapped in a decorator that starts and stops a no-op observation around
     * every filter. This bean removes the wrapping; requests stay timed as a whole
     * ({@code http.server.requests}).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** bcrypt today, upgradable: stored hashes carry their algorithm id. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    LoginThrottle loginThrottle(JdbcClient jdbc) {
        return new LoginThrottle(jdbc, Duration.ofMinutes(15), Clock.systemUTC());
    }

    /**
     * Integrations: bearer tokens only, no session, no cookies, so no CSRF. Metrics: {@link MetricsAccess}.
     * Neither an anonymous identity nor a logout URL means anything here, so their filters are left out (every
     * ingest request passes this chain): a call without a token is refused as before, by the entry point.
     */
    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, Workspaces workspaces) throws Exception {
        http.securityMatcher("/api/**")
                .csrf(csrf -> csrf.disable())
                .anonymous(anonymous -> anonymous.disable())
                .logout(logout -> logout.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .addFilterBefore(new BearerTokenFilter(workspaces), AuthorizationFilter.class)
                .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> ApiErrors.write(
                                response,
                                HttpServletResponse.SC_UNAUTHORIZED,
                                "unauthorized",
                                null,
                                "send Authorization: Bearer <token>"))
                        .accessDeniedHandler((request, response, ex) -> ApiErrors.write(
                                response, HttpServletResponse.SC_FORBIDDEN, "forbidden", null, ex.getMessage())));
        return http.build();
    }

    private static final SimpleUrlAuthenticationFailureHandler WRONG_PASSWORD =
            new SimpleUrlAuthenticationFailureHandler("/login?error");

    /**
     * When the database, not the password, failed, the person must not be told their password was wrong:
     * the failure goes on to the outage answer (503, "try again shortly").
     */
    private static void signInFailed(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException, ServletException {
        if (DatabaseUnavailable.explains(e)) throw new ServletException("sign-in could not reach the database", e);
        WRONG_PASSWORD.onAuthenticationFailure(request, response, e);
    }

    @Bean
    @Order(2)
    SecurityFilterChain web(
            HttpSecurity http,
            Workspaces workspaces,
            UserAccounts users,
            PasswordEncoder encoder,
            LoginThrottle throttle)
            throws Exception {
        http.authenticationProvider(new ThrottledAuthenticationProvider(users, encoder, throttle))
                .authorizeHttpRequests(auth -> auth.requestMatchers(
                                "/login",
                                "/invitations/**",
                                "/css/**",
                                "/js/**",
                                "/webjars/**",
                                "/favicon.ico",
                                "/error",
                                "/actuator/health",
                                "/actuator/health/**",
                                "/v3/api-docs",
                                "/v3/api-docs/**",
                                "/swagger-ui.html",
                                "/swagger-ui/**")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .formLogin(form -> form.loginPage("/login")
                        .successHandler(InvitationController.afterSignIn())
                        .failureHandler(SecurityConfiguration::signInFailed)
                        .permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout").deleteCookies("MOKADESK_SESSION"))
                .csrf(csrf -> csrf.csrfTokenRequestHandler(new CsrfRefusal.TokenReader()))
                .exceptionHandling(e -> e.accessDeniedHandler(new CsrfRefusal()))
                .addFilterAfter(new WorkspaceAccessFilter(workspaces), AuthorizationFilter.class)
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }
}
