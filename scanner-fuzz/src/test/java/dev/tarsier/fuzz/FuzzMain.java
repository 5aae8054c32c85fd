package dev.tarsier.fuzz;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Runs one {@code @FuzzTest} in this JVM through the JUnit launcher, the way {@link FuzzCampaign}
 * starts it with {@code JAZZER_FUZZ=1}: {@code FuzzMain CLASS#METHOD SECONDS TIMEOUT_SECONDS}. Exits 0
 * when the test passed (no finding), 1 otherwise.
 */
public final class FuzzMain {

    private FuzzMain() {
    }

    public static void main(String[] args) {
        String seconds = args[1];
        String timeout = args[2];
        LauncherDiscoveryRequest req = request().selectors(selectMethod(args[0] + "(byte[])"))
                // libFuzzer's command line: Jazzer takes arg.0 for argv[0]; the @FuzzTest's maxDuration comes
                // after these and wins, so FuzzCampaign stops the JVM when the budget is spent
                .configurationParameter("jazzer.internal.arg.0", "jazzer")
                .configurationParameter("jazzer.internal.arg.1", "-max_total_time=" + seconds)
                .configurationParameter("jazzer.internal.arg.2", "-timeout=" + timeout)
                .configurationParameter("jazzer.internal.arg.3", "-print_final_stats=1")
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(req, summary);
        TestExecutionSummary s = summary.getSummary();
        s.printFailuresTo(new java.io.PrintWriter(System.out, true), 40);
        System.out.println("FUZZ-SUMMARY started=" + s.getTestsStartedCount() + " failed=" + s.getTestsFailedCount()
                + " succeeded=" + s.getTestsSucceededCount());
        System.exit(s.getTestsFailedCount() == 0 && s.getTestsSucceededCount() > 0 ? 0 : 1);
    }
}
