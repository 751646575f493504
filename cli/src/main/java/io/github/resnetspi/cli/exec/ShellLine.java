package io.github.resnetspi.cli.exec;

import java.util.List;

/** A command as a POSIX shell would take it, so that a logged or reported command line can be pasted into a terminal. */
public final class ShellLine {
    private ShellLine() {
    }

    /** The words joined by spaces, each single-quoted unless it holds only characters no shell treats specially. */
    public static String of(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String arg : words) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(arg.matches("[A-Za-z0-9_./=:,%@+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }
}
