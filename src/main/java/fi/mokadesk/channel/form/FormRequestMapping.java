package fi.mokadesk.channel.form;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The public form's requests ({@code /f/{formKey}…}) matched among the form's own few mappings, before the
 * desk's general mapping is asked. Spring MVC finds the handler of a path with a variable by testing every
 * mapping of the application in turn (the desk has hundreds), and under a load of form submissions that
 * search was the largest single cost on the request threads (JFR profile in docs/PERFORMANCE.md). The
 * general mapping still knows the same handlers; this one answers first, with the same interceptors.
 */
@Component
class FormRequestMapping extends RequestMappingHandlerMapping {

    /** @param languageSwitch the desk's {@code lang} switch, which every page request runs (absent in module tests) */
    FormRequestMapping(ObjectProvider<LocaleChangeInterceptor> languageSwitch) {
        // before the general RequestMappingHandlerMapping (order 0); a request this one does not know falls through
        setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
        languageSwitch.ifAvailable(this::setInterceptors);
    }

    @Override
    protected boolean isHandler(Class<?> beanType) {
        return FormController.class.isAssignableFrom(beanType);
    }
}
