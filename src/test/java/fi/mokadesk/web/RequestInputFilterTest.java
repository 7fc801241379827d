package fi.mokadesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestInputFilterTest {

    @Test
    void decodesPercentEncodedUtf8StrictlyLikeAFormWouldBeEncoded() {
        assertThat(RequestInputFilter.decode("p%C3%A4iv%C3%A4+%F0%9F%98%80")).isEqualTo("päivä 😀");
        assertThat(RequestInputFilter.decode("a%00b")).isEqualTo("a\u0000b");
        assertThat(RequestInputFilter.decode("")).isEmpty();
    }

    @Test
    void malformedEscapesAndBytesThatAreNotUtf8AreNull() {
        assertThat(RequestInputFilter.decode("%zz")).isNull();
        assertThat(RequestInputFilter.decode("%")).isNull();
        assertThat(RequestInputFilter.decode("abc%4")).isNull();
        assertThat(RequestInputFilter.decode("%C3%28")).isNull();
        assertThat(RequestInputFilter.decode("%ff")).isNull();
        assertThat(RequestInputFilter.decode("%ED%A0%80")).isNull(); // an encoded lone surrogate
        assertThat(RequestInputFilter.decode("%e2%82")).isNull(); // cut short
    }

    @Test
    void theQueryStringRefusalNamesTheParameter() {
        assertThat(RequestInputFilter.queryString("a=1&q=%zz").field()).isEqualTo("q");
        assertThat(RequestInputFilter.queryString("a=1&q=%zz").status()).isEqualTo(400);
        assertThat(RequestInputFilter.queryString("%ff=1").field()).isNull();
        assertThat(RequestInputFilter.queryString("a=1&&b=&c")).isNull();
        assertThat(RequestInputFilter.queryString(null)).isNull();
    }
}
