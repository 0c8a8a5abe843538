package jp.mamori;

import java.util.HashSet;
import java.util.Set;
import org.junit.runner.Description;
import org.junit.runner.JUnitCore;
import org.junit.runner.Result;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunListener;

/** Runs every test class and prints {@code N passed, N failed}; exit status 1 on any failure. */
public final class AllTests {
    private AllTests() {}

    public static void main(String[] args) {
        final Set<Description> finished = new HashSet<Description>();
        final Set<Description> failedTests = new HashSet<Description>();
        JUnitCore core = new JUnitCore();
        core.addListener(new RunListener() {
            @Override
            public void testFinished(Description d) {
                finished.add(d);
            }

            @Override
            public void testFailure(Failure f) {
                failedTests.add(f.getDescription());
            }
        });
        Result r = core.run(VaultTest.class, DirectoryTest.class, EngineTest.class, EncodingTest.class);
        for (Failure f : r.getFailures()) {
            System.out.println("FAILED " + f.getTestHeader());
            System.out.println(f.getTrace());
        }
        Set<Description> passed = new HashSet<Description>(finished);
        passed.removeAll(failedTests);
        System.out.println(passed.size() + " passed, " + failedTests.size() + " failed, " + r.getIgnoreCount()
                + " ignored (file.encoding=" + System.getProperty("file.encoding") + ")");
        System.exit(failedTests.isEmpty() && !passed.isEmpty() ? 0 : 1);
    }
}
