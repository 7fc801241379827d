package fi.mokadesk.workspace;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Password sign-in that refuses while an email is locked out and counts failures. */
class ThrottledAuthenticationProvider extends DaoAuthenticationProvider {

    private final LoginThrottle throttle;

    ThrottledAuthenticationProvider(UserDetailsService users, PasswordEncoder encoder, LoginThrottle throttle) {
        super(users);
        setPasswordEncoder(encoder);
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String email = authentication.getName();
        if (throttle.locked(email)) throw new LockedException("too many failed sign-ins; try again later");
        try {
            Authentication result = super.authenticate(authentication);
            throttle.succeeded(email);
            return result;
        } catch (BadCredentialsException e) {
            throttle.failed(email);
            throw e;
        }
    }
}
