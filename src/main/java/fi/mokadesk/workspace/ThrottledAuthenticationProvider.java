package fi.mokadesk.workspace;

import fi.mokadesk.kernel.StorableText;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Password sign-in that counts failures per account and per source address and refuses while either is
 * locked. A locked sign-in still does the full check (look-up and bcrypt) before it answers, so a lock
 * takes as long as a wrong password and tells nothing about whether the password was right.
 */
class ThrottledAuthenticationProvider extends DaoAuthenticationProvider {

    private final LoginThrottle throttle;
    private final UserAccounts users;

    ThrottledAuthenticationProvider(UserAccounts users, PasswordEncoder encoder, LoginThrottle throttle) {
        super(users);
        setPasswordEncoder(encoder);
        // A disabled account is refused only after its password was checked, like any other: checking
        // first answered faster and differently, telling a guesser that the account exists.
        setPreAuthenticationChecks(user -> {});
        setPostAuthenticationChecks(user -> {
            if (!user.isEnabled()) throw new DisabledException("this account is disabled");
        });
        this.throttle = throttle;
        this.users = users;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String email = authentication.getName();
        // No account has a name that cannot be stored (a NUL character): refused as a wrong sign-in before
        // it reaches the database, which would fail on it.
        if (email != null && StorableText.problem(email) != null)
            throw new BadCredentialsException("not an email address an account can have");
        String address = address(authentication);
        boolean locked = throttle.locked(email, address);
        Authentication result;
        try {
            result = super.authenticate(authentication);
        } catch (BadCredentialsException e) {
            if (locked) throw locked();
            throttle.failed(email, address);
            throw e;
        }
        if (locked) throw locked();
        if (result.getPrincipal() instanceof SignedInUser user && user.passwordOneTime()) {
            // The hash is still in the principal here; credentials are erased after this returns.
            if (!users.consumeOneTimePassword(user.id(), user.getPassword())) {
                throttle.failed(email, address);
                throw new BadCredentialsException("the one-time password was already used");
            }
        }
        throttle.succeeded(email);
        return result;
    }

    private static LockedException locked() {
        return new LockedException("too many failed sign-ins; try again later");
    }

    static String address(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails details
                        && details.getRemoteAddress() != null
                ? details.getRemoteAddress()
                : "unknown";
    }
}
