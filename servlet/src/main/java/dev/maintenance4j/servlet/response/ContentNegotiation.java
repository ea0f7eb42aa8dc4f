package dev.maintenance4j.servlet.response;

import org.jspecify.annotations.Nullable;

/**
 * Decides between the HTML page and the JSON body from an {@code Accept} header: JSON when the
 * client rates {@code application/json} (or a {@code +json} type) above {@code text/html}. Ties,
 * wildcards alone, and malformed or missing headers get HTML. No regular expressions; bounded work.
 */
public final class ContentNegotiation {

    private static final int MAX_LENGTH = 4096;

    private ContentNegotiation() {
    }

    public static boolean prefersJson(@Nullable String accept) {
        if (accept == null || accept.isEmpty() || accept.length() > MAX_LENGTH) {
            return false;
        }
        double json = 0;
        double html = 0;
        double wildcard = 0;
        int start = 0;
        int n = accept.length();
        while (start < n) {
            int end = accept.indexOf(',', start);
            if (end < 0) {
                end = n;
            }
            int semicolon = accept.indexOf(';', start);
            int typeEnd = semicolon >= 0 && semicolon < end ? semicolon : end;
            String type = accept.substring(start, typeEnd).strip().toLowerCase(java.util.Locale.ROOT);
            double q = quality(accept, typeEnd, end);
            if (type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"))) {
                json = Math.max(json, q);
            } else if (type.equals("text/html") || type.equals("application/xhtml+xml")) {
                html = Math.max(html, q);
            } else if (type.equals("*/*") || type.equals("text/*")) {
                wildcard = Math.max(wildcard, type.equals("*/*") ? q : 0);
                if (type.equals("text/*")) {
                    html = Math.max(html, q);
                }
            }
            start = end + 1;
        }
        if (html == 0) {
            html = wildcard;
        }
        return json > html;
    }

    private static double quality(String accept, int from, int to) {
        int i = from;
        while (i < to) {
            int semicolon = accept.indexOf(';', i);
            if (semicolon < 0 || semicolon >= to) {
                break;
            }
            int next = accept.indexOf(';', semicolon + 1);
            int paramEnd = next >= 0 && next < to ? next : to;
            String param = accept.substring(semicolon + 1, paramEnd).strip();
            if (param.length() >= 2 && (param.charAt(0) == 'q' || param.charAt(0) == 'Q') && param.charAt(1) == '=') {
                try {
                    double q = Double.parseDouble(param.substring(2).strip());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
            i = paramEnd;
        }
        return 1;
    }
}
