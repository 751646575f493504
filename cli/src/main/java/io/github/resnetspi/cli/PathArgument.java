package io.github.resnetspi.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Every path option and parameter of the CLI: a relative path is relative to the working directory the CLI runs in
 * (the launcher runs it where the caller stands), and an empty or blank one is refused when the command line is
 * parsed, before anything is read or written: {@code Path.of("")} would silently mean that working directory.
 */
final class PathArgument implements CommandLine.ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
        if (value.isBlank()) {
            throw new CommandLine.TypeConversionException("an empty path names no file or directory; give one, e.g. ./run"
                    + " (a relative path is relative to the directory you run resnet-spi in)");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a path this system accepts ("
                    + e.getReason() + ")");
        }
    }
}
