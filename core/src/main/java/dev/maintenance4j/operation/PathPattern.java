package dev.maintenance4j.operation;

/**
 * An Ant-style path pattern: {@code ?} matches one character but {@code /}, {@code *} any run of
 * characters within one segment, {@code **} any run including {@code /}. A pattern ending in
 * {@code /**} also matches the bare prefix ({@code /api/**} matches {@code /api}). Matching allocates
 * nothing and uses no regular expressions.
 *
 * @param pattern the pattern text, starting with {@code /}
 */
public record PathPattern(String pattern) {

    public PathPattern {
        if (pattern.isEmpty() || pattern.charAt(0) != '/') {
            throw new IllegalArgumentException("path pattern must start with '/', but was '" + pattern + "'");
        }
        if (pattern.contains("***")) {
            throw new IllegalArgumentException("path pattern '" + pattern + "' has '***'; use '**' for any depth");
        }
    }

    public static PathPattern of(String pattern) {
        return new PathPattern(pattern);
    }

    /** True when the whole path matches. */
    public boolean matches(String path) {
        if (glob(pattern, 0, path, 0)) {
            return true;
        }
        int n = pattern.length();
        return n >= 3 && pattern.endsWith("/**") && path.length() == n - 3 && path.regionMatches(0, pattern, 0, n - 3);
    }

    private static boolean glob(String p, int pi, String s, int si) {
        int pn = p.length();
        int sn = s.length();
        while (pi < pn) {
            char pc = p.charAt(pi);
            if (pc == '*') {
                boolean deep = pi + 1 < pn && p.charAt(pi + 1) == '*';
                int next = pi + (deep ? 2 : 1);
                if (next == pn) {
                    return deep || s.indexOf('/', si) < 0;
                }
                for (int k = si; k <= sn; k++) {
                    if (glob(p, next, s, k)) {
                        return true;
                    }
                    if (k < sn && !deep && s.charAt(k) == '/') {
                        return false;
                    }
                }
                return false;
            }
            if (si >= sn) {
                return false;
            }
            char sc = s.charAt(si);
            if (pc == '?' ? sc == '/' : pc != sc) {
                return false;
            }
            pi++;
            si++;
        }
        return si == sn;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
