package dev.weft.demo;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The Main-Class of {@code target/weft-demo.jar}: checks that the JVM is Java 21 or newer, then
 * hands the arguments to {@link Demos#main(String...)}.
 *
 * <p>This one class is compiled for Java 8 (see the demo POM), and names {@code Demos} only as a
 * string, so that {@code java -jar weft-demo.jar} on an older JVM prints one understandable line
 * and exits with status 1, instead of an {@code UnsupportedClassVersionError}.
 */
public final class JarMain {
    private JarMain() {}

    /** The oldest Java release the demos (and the toolkit) run on. */
    static final int NEEDED = 21;

    /**
     * Runs the launcher if the JVM is new enough.
     *
     * @param args the launcher's arguments, see {@link Demos}
     * @throws Throwable only what the launcher itself throws (it exits with its status)
     */
    public static void main(String[] args) throws Throwable {
        String problem =
                problem(
                        System.getProperty("java.specification.version"),
                        System.getProperty("java.version"),
                        System.getProperty("java.home"));
        if (problem != null) {
            System.err.println(problem);
            System.exit(1);
        }
        MethodHandle demos =
                MethodHandles.publicLookup()
                        .findStatic(
                                Class.forName("dev.weft.demo.Demos"),
                                "main",
                                MethodType.methodType(void.class, String[].class));
        demos.invokeExact(args);
    }

    /**
     * Says why this JVM cannot run the demos.
     *
     * @param specification {@code java.specification.version}: "1.8", "17", "21"...
     * @param version {@code java.version}, for the message
     * @param home {@code java.home}, for the message
     * @return one line, or {@code null} if the release is {@value #NEEDED} or newer
     */
    static String problem(String specification, String version, String home) {
        if (release(specification) >= NEEDED) {
            return null;
        }
        return "Weft's demos need Java "
                + NEEDED
                + " or newer; this is Java "
                + version
                + " ("
                + home
                + ")";
    }

    /** The feature release of a {@code java.specification.version}: 8 for "1.8", 17 for "17". */
    static int release(String specification) {
        String s = specification == null ? "" : specification.trim();
        if (s.startsWith("1.")) {
            s = s.substring(2);
        }
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(s.substring(0, end));
    }
}
