package dev.maintenance4j.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns picocli's parse errors into the one line an operator reads: the problem, a suggestion when one
 * is close ({@code unknown command 'dwn' — did you mean 'down'?}), and where help is. Never picocli's
 * "Unmatched argument at index N".
 */
final class UsageErrors {

    private UsageErrors() {}

    static String describe(ParameterException e) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        String help = " (see '" + name + " --help')";
        if (e instanceof UnmatchedArgumentException unmatched
                && !unmatched.getUnmatched().isEmpty()) {
            String argument = unmatched.getUnmatched().get(0);
            List<String> suggestions = unmatched.getSuggestions();
            String suggestion = suggestions.isEmpty() ? "" : " — did you mean '" + suggestions.get(0) + "'?";
            if (argument.startsWith("-")) {
                return "unknown option '" + argument + "' for '" + name + "'" + suggestion + help;
            }
            if (command.getCommandSpec().subcommands().isEmpty() || command.getParent() != null) {
                return "unexpected argument '" + argument + "' for '" + name + "'" + help;
            }
            return "unknown command '" + argument + "'" + suggestion + help;
        }
        return e.getMessage() + help;
    }
}
