package dev.camelpayme.app;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bash examples of the README and what it shows them print: the comment lines of a block are its expected
 * output, of which the stable parts are checked (status lines, single-word answers, and the JSON fields that do not
 * change from run to run; ids with a random suffix and times are shown elided with "...").
 */
final class ReadmeExamples {

    private static final Pattern BASH_BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern STATUS_LINE = Pattern.compile("^# (HTTP/1\\.1 \\d{3})");
    private static final Pattern WORD_LINE = Pattern.compile("^# ([A-Za-z-]+(:[\\w-]+)?)$");
    private static final Pattern STABLE_FIELD = Pattern.compile(
            "\"(order_id|outcome|respcd|result|txamt|txcurrcd|error)\":\"([^\".]*)\"");

    private final String readme;

    ReadmeExamples(String readme) {
        this.readme = readme;
    }

    /** The bash blocks from the first {@code start} up to the next {@code end} after it, in order. */
    List<String> blocks(String start, String end) {
        int from = readme.indexOf(start);
        if (from < 0) {
            throw new AssertionError("README has no " + start);
        }
        int to = readme.indexOf(end, from + start.length());
        Matcher block = BASH_BLOCK.matcher(readme.substring(from, to < 0 ? readme.length() : to));
        List<String> blocks = new ArrayList<>();
        while (block.find()) {
            blocks.add(block.group(1));
        }
        return blocks;
    }

    /** The commands of those blocks, one per line, without their trailing comments. */
    List<String> commandLines(String start, String end) {
        List<String> commands = new ArrayList<>();
        for (String block : blocks(start, end)) {
            for (String line : block.split("\n")) {
                String command = line.replaceFirst("\\s+#.*$", "").strip();
                if (!command.isEmpty() && !command.startsWith("#")) {
                    commands.add(command);
                }
            }
        }
        return commands;
    }

    /** What a block's comment lines say it prints, as fragments its output must contain. */
    static Set<String> expectedFragments(String block) {
        Set<String> fragments = new LinkedHashSet<>();
        for (String line : block.split("\n")) {
            if (!line.startsWith("#")) {
                continue;
            }
            Matcher status = STATUS_LINE.matcher(line);
            Matcher word = WORD_LINE.matcher(line);
            if (status.find()) {
                fragments.add(status.group(1));
            } else if (word.matches()) {
                fragments.add(word.group(1));
            }
            Matcher field = STABLE_FIELD.matcher(line);
            while (field.find()) {
                fragments.add(field.group());
            }
        }
        return fragments;
    }
}
