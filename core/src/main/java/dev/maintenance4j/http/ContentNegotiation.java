package dev.maintenance4j.http;

import org.jspecify.annotations.Nullable;

/**
 * Decides between the HTML page and the JSON body from an {@code Accept} header: JSON when the
 * client rates {@code application/json} (or a {@code +json} type) above {@code text/html}. Ties,
 * wildcards alone, and malformed or missing headers get HTML.
 *
 * <p>Blocked browsers send this header on every request, so it is read in place: media types are
 * compared case-insensitively where they stand and quality values are parsed as RFC 9110 defines them
 * ({@code 0} to {@code 1} with at most three decimals, read as thousandths). No substring, no regular
 * expression, no allocation; bounded work.
 */
public final class ContentNegotiation {

    private static final int MAX_LENGTH = 4096;
    private static final int FULL_QUALITY = 1000;

    private ContentNegotiation() {}

    public static boolean prefersJson(@Nullable String accept) {
        if (accept == null || accept.isEmpty() || accept.length() > MAX_LENGTH) {
            return false;
        }
        int json = 0;
        int html = 0;
        int anything = 0;
        int n = accept.length();
        int start = 0;
        while (start < n) {
            int end = accept.indexOf(',', start);
            if (end < 0) {
                end = n;
            }
            int semicolon = accept.indexOf(';', start);
            int typeEnd = semicolon >= 0 && semicolon < end ? semicolon : end;
            int from = skipSpace(accept, start, typeEnd);
            int to = trimSpace(accept, from, typeEnd);
            int q = quality(accept, typeEnd, end);
            if (is(accept, from, to, "application/json") || isJsonSuffixed(accept, from, to)) {
                json = Math.max(json, q);
            } else if (is(accept, from, to, "text/html")
                    || is(accept, from, to, "application/xhtml+xml")
                    || is(accept, from, to, "text/*")) {
                html = Math.max(html, q);
                if (html == FULL_QUALITY) {
                    return false; // nothing can rate JSON higher: a browser's Accept ends here, at its first range
                }
            } else if (is(accept, from, to, "*/*")) {
                anything = Math.max(anything, q);
            }
            start = end + 1;
        }
        if (html == 0) {
            html = anything;
        }
        return json > html;
    }

    /** The quality of the media range whose parameters run from {@code from} (a ';' or the end) to {@code to}, in thousandths. */
    private static int quality(String accept, int from, int to) {
        int i = from;
        while (i < to) {
            int next = accept.indexOf(';', i + 1);
            int paramEnd = next >= 0 && next < to ? next : to;
            int p = skipSpace(accept, i + 1, paramEnd);
            int pEnd = trimSpace(accept, p, paramEnd);
            if (pEnd - p >= 2 && (accept.charAt(p) == 'q' || accept.charAt(p) == 'Q') && accept.charAt(p + 1) == '=') {
                return qvalue(accept, skipSpace(accept, p + 2, pEnd), pEnd);
            }
            i = paramEnd;
        }
        return FULL_QUALITY;
    }

    /**
     * RFC 9110's {@code qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )} in thousandths; anything
     * else makes the range unacceptable (0).
     */
    private static int qvalue(String s, int from, int to) {
        if (from >= to || to - from > 5) {
            return 0;
        }
        char first = s.charAt(from);
        if (first != '0' && first != '1') {
            return 0;
        }
        int value = (first - '0') * FULL_QUALITY;
        if (to - from == 1) {
            return value;
        }
        if (s.charAt(from + 1) != '.') {
            return 0;
        }
        int scale = 100;
        for (int i = from + 2; i < to; i++, scale /= 10) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            value += (c - '0') * scale;
        }
        return value <= FULL_QUALITY ? value : 0;
    }

    private static boolean is(String s, int from, int to, String type) {
        return to - from == type.length() && s.regionMatches(true, from, type, 0, type.length());
    }

    /** {@code application/...+json}, such as {@code application/problem+json}. */
    private static boolean isJsonSuffixed(String s, int from, int to) {
        return to - from >= 17
                && s.regionMatches(true, from, "application/", 0, 12)
                && s.regionMatches(true, to - 5, "+json", 0, 5);
    }

    private static int skipSpace(String s, int from, int to) {
        int i = from;
        while (i < to && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int trimSpace(String s, int from, int to) {
        int i = to;
        while (i > from && isSpace(s.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
