package io.github.resnetspi.conformance;

import org.junit.runner.Description;
import org.junit.runner.Runner;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunNotifier;

/**
 * The JUnit 4 runner of {@link BackendConformanceKit} (inherited through {@code @RunWith}): it makes a test run that
 * cannot run the kit fail instead of passing with no check made.
 *
 * <p>The kit is a JUnit 5 (Jupiter) class. Maven Surefire before 2.22 has no JUnit Platform provider: it runs JUnit 4
 * when {@code junit:junit} is on the test class path (this module brings it for that reason) and otherwise JUnit 3
 * and POJO tests, so a backend module built with Maven 3.8's default Surefire, 2.12.4, would run 0 tests and report
 * success. With {@code junit:junit} present, such a Surefire runs JUnit 4 tests, finds this runner on every subclass
 * of the kit and reports one failure saying what to change. Under the JUnit Platform (Surefire 3, an IDE, the
 * {@link ConformanceRunner}) the Jupiter engine runs the kit; when the Platform's JUnit 4 engine (Vintage) also sees
 * the subclass, this runner reports nothing, so each check runs once, under Jupiter.
 */
public final class RequiresJUnitPlatform extends Runner {
    /** The start of the message of the failure this runner reports. */
    public static final String MESSAGE_START = "The resnet-spi conformance kit did not run";

    private static final String VINTAGE_ENGINE_PACKAGE = "org.junit.vintage.engine.";

    private final Class<?> testClass;
    private final Description description;

    /**
     * @param testClass the kit's subclass that JUnit 4 was asked to run
     */
    public RequiresJUnitPlatform(Class<?> testClass) {
        this.testClass = testClass;
        this.description = Description.createSuiteDescription(testClass);
    }

    @Override
    public Description getDescription() {
        return description;
    }

    @Override
    public void run(RunNotifier notifier) {
        if (underVintageEngine()) {
            return;
        }
        Description check = Description.createTestDescription(testClass, "conformanceKit");
        notifier.fireTestStarted(check);
        notifier.fireTestFailure(new Failure(check, new AssertionError(message(testClass))));
        notifier.fireTestFinished(check);
    }

    /**
     * @param testClass the kit's subclass
     * @return the failure's message: what happened, why, and what to change
     */
    static String message(Class<?> testClass) {
        return MESSAGE_START + " for " + testClass.getName() + ": it is a JUnit 5 test class, and this test run"
                + " executes JUnit 4 tests only (Maven Surefire before 2.22, such as 2.12.4, the default of Maven 3.8,"
                + " has no JUnit Platform provider; left as it is, it would run no check and report success). Pin"
                + " maven-surefire-plugin 3.2.5 or later in the backend's pom.xml (see docs/writing-a-backend.md in"
                + " resnet-spi), or run the kit on the JUnit Platform.";
    }

    private static boolean underVintageEngine() {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(
                f -> f.getClassName().startsWith(VINTAGE_ENGINE_PACKAGE)));
    }
}
