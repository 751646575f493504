package io.github.resnetspi.cli.testing;

/** Started in place of the CLI by ChildJvmTest: prints what a child JVM was given, one {@code key=value} a line. */
public final class JvmProbe {
    private JvmProbe() {
    }

    public static void main(String[] args) {
        System.out.println("maxMemory=" + Runtime.getRuntime().maxMemory());
        System.out.println("env.TF_CPP_MIN_LOG_LEVEL=" + System.getenv("TF_CPP_MIN_LOG_LEVEL"));
        for (String name : args) {
            System.out.println(name + "=" + System.getProperty(name));
        }
    }
}
