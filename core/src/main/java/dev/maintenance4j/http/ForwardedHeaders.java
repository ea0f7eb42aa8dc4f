package dev.maintenance4j.http;

import dev.maintenance4j.net.IpAddress;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Parsers for {@code Forwarded} (RFC 7239) and {@code X-Forwarded-For}, written for hostile input:
 * no regular expressions, bounded work, and a plain "malformed" answer instead of exceptions.
 */
final class ForwardedHeaders {

    private static final int MAX_HEADER_LENGTH = 8192;

    private ForwardedHeaders() {}

    /**
     * Adds the value of parameter {@code parameter} ({@code for}, {@code proto}) of each forwarded element
     * to {@code out} ({@code ""} for an element without it).
     *
     * @return false when a header is malformed or too long
     */
    static boolean forwarded(Iterator<String> values, String parameter, List<String> hops, int maxHops) {
        while (values.hasNext()) {
            String value = values.next();
            if (value == null || value.length() > MAX_HEADER_LENGTH) {
                return false;
            }
            int i = 0;
            int n = value.length();
            while (i <= n) {
                // one element: pairs separated by ';', ended by ',' outside quotes
                String forNode = "";
                boolean sawPair = false;
                while (true) {
                    i = skipSpaces(value, i);
                    int nameStart = i;
                    while (i < n && value.charAt(i) != '=' && value.charAt(i) != ';' && value.charAt(i) != ',') {
                        i++;
                    }
                    if (i >= n || value.charAt(i) != '=') {
                        if (i == nameStart && (i >= n || value.charAt(i) == ',')) {
                            break; // empty element
                        }
                        return false; // a pair without '='
                    }
                    String name = value.substring(nameStart, i).strip().toLowerCase(Locale.ROOT);
                    i++;
                    String token;
                    if (i < n && value.charAt(i) == '"') {
                        StringBuilder sb = new StringBuilder();
                        i++;
                        boolean closed = false;
                        while (i < n) {
                            char c = value.charAt(i++);
                            if (c == '\\' && i < n) {
                                sb.append(value.charAt(i++));
                            } else if (c == '"') {
                                closed = true;
                                break;
                            } else {
                                sb.append(c);
                            }
                        }
                        if (!closed) {
                            return false;
                        }
                        token = sb.toString();
                    } else {
                        int start = i;
                        while (i < n && value.charAt(i) != ';' && value.charAt(i) != ',') {
                            i++;
                        }
                        token = value.substring(start, i).strip();
                    }
                    if (name.isEmpty()) {
                        return false;
                    }
                    sawPair = true;
                    if (name.equals(parameter)) {
                        forNode = token;
                    }
                    i = skipSpaces(value, i);
                    if (i < n && value.charAt(i) == ';') {
                        i++;
                        continue;
                    }
                    break;
                }
                if (sawPair) {
                    if (hops.size() >= maxHops) {
                        return false;
                    }
                    hops.add(forNode);
                }
                if (i < n && value.charAt(i) == ',') {
                    i++;
                    continue;
                }
                if (i < n) {
                    return false; // junk after an element
                }
                break;
            }
        }
        return true;
    }

    /**
     * Adds each comma-separated entry of {@code X-Forwarded-For} (or {@code X-Forwarded-Proto}) to {@code hops}.
     *
     * @return false when a header is too long or has too many entries
     */
    static boolean xForwardedFor(Iterator<String> values, List<String> hops, int maxHops) {
        while (values.hasNext()) {
            String value = values.next();
            if (value == null || value.length() > MAX_HEADER_LENGTH) {
                return false;
            }
            int start = 0;
            for (int i = 0; i <= value.length(); i++) {
                if (i == value.length() || value.charAt(i) == ',') {
                    if (hops.size() >= maxHops) {
                        return false;
                    }
                    hops.add(value.substring(start, i).strip());
                    start = i + 1;
                }
            }
        }
        return true;
    }

    /**
     * The address of a node: {@code 192.0.2.1}, {@code 192.0.2.1:8080}, {@code [2001:db8::1]},
     * {@code [2001:db8::1]:8080} or a bare IPv6 address; null for {@code unknown}, obfuscated
     * ({@code _hidden}) or malformed nodes.
     */
    static @Nullable IpAddress node(String node) {
        if (node.isEmpty() || node.charAt(0) == '_' || node.equalsIgnoreCase("unknown")) {
            return null;
        }
        if (node.charAt(0) == '[') {
            int close = node.indexOf(']');
            if (close < 0 || (close + 1 < node.length() && !isPort(node, close + 1))) {
                return null;
            }
            return IpAddress.tryParse(node.substring(1, close));
        }
        int colon = node.indexOf(':');
        if (colon >= 0 && node.indexOf(':', colon + 1) < 0) {
            return isPort(node, colon) ? IpAddress.tryParse(node.substring(0, colon)) : null; // IPv4 with port
        }
        return IpAddress.tryParse(node);
    }

    /** True when {@code node} from {@code colon} on is {@code :port}: 1-5 digits, or {@code _} and an obfuscated token. */
    private static boolean isPort(String node, int colon) {
        int start = colon + 1;
        int length = node.length() - start;
        if (colon >= node.length() || node.charAt(colon) != ':' || length < 1 || length > 32) {
            return false;
        }
        boolean obfuscated = node.charAt(start) == '_';
        if (!obfuscated && length > 5) {
            return false;
        }
        for (int i = start; i < node.length(); i++) {
            char c = node.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            boolean obfuscatedChar =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '_' || c == '-';
            if (!(digit || (obfuscated && obfuscatedChar))) {
                return false;
            }
        }
        return true;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
