package dev.reins.llm.reward;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls the final answer out of a completion. A closed family: the last number in the text, the text after
 * GSM8K's {@code ####} marker, the contents of the last {@code \boxed{...}}, or the whole trimmed text.
 *
 * <pre>{@code
 * AnswerExtractor.lastNumber().extract("so it is 85.")        // Optional["85"]
 * AnswerExtractor.hashMarker().extract("...\n#### 1,234")     // Optional["1234"]
 * AnswerExtractor.boxed().extract("\\boxed{\\frac{1}{2}}")    // Optional["\\frac{1}{2}"]
 * }</pre>
 */
public sealed interface AnswerExtractor extends java.io.Serializable {
    Optional<String> extract(String completion);

    /** Configuration name: last_number, hash_marker, boxed or whole. */
    String name();

    static AnswerExtractor lastNumber() {
        return new LastNumber();
    }

    static AnswerExtractor hashMarker() {
        return new HashMarker();
    }

    static AnswerExtractor boxed() {
        return new Boxed();
    }

    static AnswerExtractor whole() {
        return new Whole();
    }

    /** The extractor with configuration name {@code name}. */
    static AnswerExtractor named(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "last_number" -> lastNumber();
            case "hash_marker" -> hashMarker();
            case "boxed" -> boxed();
            case "whole" -> whole();
            default -> throw new IllegalArgumentException("answer extractor must be one of last_number, hash_marker, boxed, whole; got '"
                    + name + "'");
        };
    }

    /** Thousands separators are dropped so "1,234" compares equal to "1234". */
    private static String cleanNumber(String s) {
        return s.replace(",", "");
    }

    /**
     * The last (optionally signed, decimal) number in the text; commas count only as thousands separators
     * ({@code 1,234}), so {@code 1,2,3} is three numbers, the last being 3.
     */
    record LastNumber() implements AnswerExtractor {
        private static final Pattern NUMBER = Pattern.compile("-?(?:\\d{1,3}(?:,\\d{3})+(?!\\d)|\\d+)(?:\\.\\d+)?");

        @Override
        public Optional<String> extract(String completion) {
            Matcher m = NUMBER.matcher(completion);
            String last = null;
            while (m.find()) {
                last = m.group();
            }
            return Optional.ofNullable(last).map(AnswerExtractor::cleanNumber);
        }

        @Override
        public String name() {
            return "last_number";
        }
    }

    /** The rest of the line after the last {@code ####}. */
    record HashMarker() implements AnswerExtractor {
        @Override
        public Optional<String> extract(String completion) {
            int at = completion.lastIndexOf("####");
            if (at < 0) {
                return Optional.empty();
            }
            String rest = completion.substring(at + 4);
            int newline = rest.indexOf('\n');
            String answer = cleanNumber((newline < 0 ? rest : rest.substring(0, newline)).trim());
            return answer.isEmpty() ? Optional.empty() : Optional.of(answer);
        }

        @Override
        public String name() {
            return "hash_marker";
        }
    }

    /** The contents of the last {@code \boxed{...}}, braces balanced. */
    record Boxed() implements AnswerExtractor {
        @Override
        public Optional<String> extract(String completion) {
            int at = completion.lastIndexOf("\\boxed{");
            if (at < 0) {
                return Optional.empty();
            }
            int start = at + "\\boxed{".length();
            int depth = 1;
            for (int i = start; i < completion.length(); i++) {
                char c = completion.charAt(i);
                if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    return Optional.of(completion.substring(start, i).trim());
                }
            }
            return Optional.empty(); // unbalanced: the model never closed the box
        }

        @Override
        public String name() {
            return "boxed";
        }
    }

    /** The whole completion, trimmed. */
    record Whole() implements AnswerExtractor {
        @Override
        public Optional<String> extract(String completion) {
            String t = completion.trim();
            return t.isEmpty() ? Optional.empty() : Optional.of(t);
        }

        @Override
        public String name() {
            return "whole";
        }
    }
}
