package fi.mokadesk.web;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/** {@code ?lang=en} (or a posted {@code lang} field) switches the language of the page being answered. */
public final class LanguageSwitch {

    private LanguageSwitch() {}

    /** The interceptor every handler mapping of the desk's pages runs. */
    public static HandlerInterceptor interceptor() {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor();
        change.setParamName("lang");
        change.setIgnoreInvalidLocale(true);
        return change;
    }
}
