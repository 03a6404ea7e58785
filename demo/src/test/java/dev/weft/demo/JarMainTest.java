package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar's Main-Class. The jar itself is built after the tests (package phase), so these
 * check the pieces: the version check, the class file release, and the POM wiring.
 */
class JarMainTest {
    @Test
    void releasesAreReadFromTheSpecificationVersion() {
        assertEquals(8, JarMain.release("1.8"));
        assertEquals(11, JarMain.release("11"));
        assertEquals(17, JarMain.release("17"));
        assertEquals(21, JarMain.release("21"));
        assertEquals(25, JarMain.release("25"));
        assertEquals(0, JarMain.release(null));
        assertEquals(0, JarMain.release("x"));
    }

    @Test
    void java17GetsOneLineSayingWhatIsNeeded() {
        assertEquals(
                "Weft's demos need Java 21 or newer; this is Java 17.0.12 (/usr/lib/jvm/jdk-17)",
                JarMain.problem("17", "17.0.12", "/usr/lib/jvm/jdk-17"));
        assertEquals(
                "Weft's demos need Java 21 or newer; this is Java 1.8.0_422 (/opt/jre8)",
                JarMain.problem("1.8", "1.8.0_422", "/opt/jre8"));
    }

    @Test
    void java21AndNewerAndThisJvmRun() {
        assertNull(JarMain.problem("21", "21.0.5", "/jdk"));
        assertNull(JarMain.problem("25", "25", "/jdk"));
        assertNull(
                JarMain.problem(
                        System.getProperty("java.specification.version"),
                        System.getProperty("java.version"),
                        System.getProperty("java.home")));
    }

    @Test
    void jarMainIsCompiledForJava8SoOldJvmsCanLoadIt() throws IOException {
        assertEquals(52, majorVersion("JarMain.class")); // Java 8
        assertEquals(65, majorVersion("Demos.class")); // Java 21
    }

    @Test
    void thePomBuildsTargetWeftDemoJarWithJarMainAsMainClass() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8); // demo/pom.xml
        assertTrue(pom.contains("<artifactId>weft-demo</artifactId>"), "not demo/pom.xml");
        assertTrue(
                pom.contains("<mainClass>" + JarMain.class.getName() + "</mainClass>"),
                "shade's Main-Class is not " + JarMain.class.getName());
        assertTrue(
                pom.contains("<outputFile>${project.build.directory}/weft-demo.jar</outputFile>"),
                "shade does not write target/weft-demo.jar");
    }

    private static int majorVersion(String classFile) throws IOException {
        try (InputStream in = JarMain.class.getResourceAsStream(classFile)) {
            DataInputStream data = new DataInputStream(in);
            assertEquals(0xCAFEBABE, data.readInt());
            data.readUnsignedShort(); // minor
            return data.readUnsignedShort();
        }
    }
}
