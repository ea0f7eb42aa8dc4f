package dev.maintenance4j.text;

/** HTML escaping for text placed in element content or quoted attributes. */
public final class Html {

    private Html() {}

    /** Appends {@code text} with {@code & < > " '} escaped. */
    public static void escape(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }
}
