package io.pistream.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the .deb the package phase built, with Debian's own tools: what {@code dpkg-deb} lists (files,
 * owners, modes, control fields, conffiles), that {@code systemd-analyze} accepts the unit, and that the
 * maintainer scripts and the wrapper parse. Installing, upgrading and purging it is
 * {@code scripts/deb-chroot-test.sh}.
 */
class DebPackageIT {

  private static final Path BUILD_DIR = Path.of(System.getProperty("pistream.deb.dir", "target"));
  private static final Path SOURCES = Path.of(System.getProperty("pistream.deb.sources", "src/deb"));
  private static final Path PROJECT_ROOT = SOURCES.resolve("../../..").normalize();
  private static final String PROJECT_VERSION = System.getProperty("pistream.version", "0.1.0-SNAPSHOT");

  /** Every file of the package with its mode and owner, as {@code dpkg-deb --contents} shows them. */
  private static final Map<String, String> FILES = new TreeMap<>(Map.of(
      "./usr/share/pistream/pistream.jar", "-rw-r--r-- root/root",
      "./usr/bin/pistream", "-rwxr-xr-x root/root",
      "./usr/lib/systemd/system/pistream.service", "-rw-r--r-- root/root",
      "./etc/pistream/config.yaml", "-rw-r----- root/root",
      "./etc/pistream/jvm.options", "-rw-r--r-- root/root",
      "./usr/share/doc/pistream/config.yaml.reference", "-rw-r--r-- root/root",
      "./usr/share/doc/pistream/logback-file.xml", "-rw-r--r-- root/root",
      "./usr/share/doc/pistream/RASPBERRY-PI.md", "-rw-r--r-- root/root",
      "./usr/share/doc/pistream/copyright", "-rw-r--r-- root/root",
      "./usr/share/doc/pistream/changelog.Debian.gz", "-rw-r--r-- root/root"));

  private static final Set<String> DIRECTORIES = Set.of(
      "./etc/", "./etc/pistream/", "./usr/", "./usr/bin/", "./usr/lib/", "./usr/lib/systemd/",
      "./usr/lib/systemd/system/", "./usr/share/", "./usr/share/pistream/", "./usr/share/doc/",
      "./usr/share/doc/pistream/");

  private static final List<String> MAINTAINER_SCRIPTS = List.of("postinst", "prerm", "postrm");

  @TempDir
  static Path work;
  private static Path deb;
  private static Path root;
  private static Path control;

  @BeforeAll
  static void extract() throws Exception {
    try (Stream<Path> files = Files.list(BUILD_DIR)) {
      List<Path> debs = files.filter(p -> p.getFileName().toString().matches("pistream_.*_all\\.deb")).toList();
      assertThat(debs).as("one package in %s", BUILD_DIR).hasSize(1);
      deb = debs.get(0);
    }
    root = Files.createDirectories(work.resolve("root"));
    control = work.resolve("control");
    run("dpkg-deb", "--extract", deb.toString(), root.toString());
    run("dpkg-deb", "--control", deb.toString(), control.toString());
  }

  @Test
  void controlFieldsNameTheVersionTheArchitectureAndTheJavaRuntime() throws Exception {
    String version = PROJECT_VERSION.replace("-SNAPSHOT", "~SNAPSHOT");
    assertThat(field("Package")).isEqualTo("pistream");
    assertThat(field("Version")).isEqualTo(version);
    assertThat(field("Architecture")).isEqualTo("all");
    assertThat(field("Depends")).isEqualTo("java17-runtime-headless");
    assertThat(field("Maintainer")).contains("<").endsWith(">");
    assertThat(field("Description")).startsWith("Raspberry Pi sensor history");
    assertThat(deb.getFileName()).hasToString("pistream_" + version + "_all.deb");
    // dpkg itself must accept it as a version (and a snapshot sorts before its release)
    run("dpkg", "--compare-versions", version, "lt", version.replace("~SNAPSHOT", ""));
  }

  @Test
  void containsExactlyTheExpectedFilesWithTheirOwnersAndModes() throws Exception {
    Map<String, String> files = new TreeMap<>();
    List<String> directories = new ArrayList<>();
    for (String line : run("dpkg-deb", "--contents", deb.toString()).split("\n")) {
      // drwxr-xr-x root/root         0 2026-12-04 04:52 ./usr/
      String[] parts = line.trim().split("\\s+", 6);
      String path = parts[5];
      if (parts[0].startsWith("d")) {
        assertThat(parts[0] + " " + parts[1]).as(path).isEqualTo("drwxr-xr-x root/root");
        directories.add(path);
      } else {
        files.put(path, parts[0] + " " + parts[1]);
      }
    }
    assertThat(files).isEqualTo(FILES);
    assertThat(directories).containsExactlyInAnyOrderElementsOf(DIRECTORIES);
  }

  @Test
  void theConfigAndTheJvmFlagsAreConffiles() throws Exception {
    assertThat(run("dpkg-deb", "--info", deb.toString(), "conffiles").lines())
        .containsExactlyInAnyOrder("/etc/pistream/config.yaml", "/etc/pistream/jvm.options");
  }

  @Test
  void packsTheProjectsFilesUnchanged() throws Exception {
    assertSameBytes(PROJECT_ROOT.resolve("conf/jvm.options"), "etc/pistream/jvm.options");
    assertSameBytes(PROJECT_ROOT.resolve("conf/config.yaml"), "usr/share/doc/pistream/config.yaml.reference");
    assertSameBytes(PROJECT_ROOT.resolve("docs/RASPBERRY-PI.md"), "usr/share/doc/pistream/RASPBERRY-PI.md");
    assertSameBytes(PROJECT_ROOT.resolve("conf/logback-file.xml"), "usr/share/doc/pistream/logback-file.xml");
    assertSameBytes(SOURCES.resolve("bin/pistream"), "usr/bin/pistream");
    assertSameBytes(SOURCES.resolve("etc/config.yaml"), "etc/pistream/config.yaml");
    assertSameBytes(PROJECT_ROOT.resolve("launcher/target/launcher-" + PROJECT_VERSION + "-all.jar"),
        "usr/share/pistream/pistream.jar");
  }

  @Test
  void theChangelogIsGzippedAndNamesThePackagesVersion() throws Exception {
    String changelog = run("gzip", "-dc", root.resolve("usr/share/doc/pistream/changelog.Debian.gz").toString());
    assertThat(changelog.lines().findFirst()).hasValue("pistream (" + field("Version") + ") unstable; urgency=medium");
  }

  @Test
  void thePackagedConfigHoldsOnlyTheOverridesAndListensOnLoopback() throws Exception {
    List<String> settings = Files.readAllLines(root.resolve("etc/pistream/config.yaml")).stream()
        .filter(line -> !line.isBlank() && !line.trim().startsWith("#"))
        .toList();
    assertThat(settings).containsExactly(
        "storage:",
        "  dataDir: /var/lib/pistream",
        "sensor:",
        "  delivery:",
        "    spoolDir: /var/lib/pistream",
        "alerts:",
        "  dataDir: /var/lib/pistream",
        "http:",
        "  host: 127.0.0.1",
        "  port: 8080");
  }

  @Test
  void systemdAcceptsTheUnit() throws Exception {
    assumeTrue(onPath("systemd-analyze"), "systemd-analyze not installed (scripts/install-tools.sh test)");
    // --root resolves ExecStart= and the units it depends on inside the extracted package, so the unit is
    // checked against the files it will really find; systemd's own units come from this machine.
    Path units = root.resolve("usr/lib/systemd/system");
    for (Path dir : List.of(Path.of("/usr/lib/systemd/system"), Path.of("/lib/systemd/system"))) {
      if (Files.isDirectory(dir)) {
        run("cp", "-an", dir + "/.", units.toString());
      }
    }
    // systemd-analyze exits 0 on unknown or misspelt settings, so anything it says is a failure too
    assertThat(runMerged("systemd-analyze", "verify", "--root=" + root, "pistream.service")).isEmpty();
    // and the hardening stays where it is: 2.5 on the 0-10 scale today ("OK"), 10 times that here
    run("systemd-analyze", "security", "--offline=true", "--root=" + root, "--threshold=30", "pistream.service");
  }

  @Test
  void theUnitRunsUnprivilegedWithItsDirectoriesAndDevices() throws Exception {
    Map<String, List<String>> unit = unitSettings(root.resolve("usr/lib/systemd/system/pistream.service"));
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("User", "pistream");
    expected.put("Group", "pistream");
    expected.put("SupplementaryGroups", "video gpio");
    expected.put("ExecStart", "/usr/bin/pistream run");
    expected.put("WorkingDirectory", "/var/lib/pistream");
    expected.put("StateDirectory", "pistream");
    expected.put("LogsDirectory", "pistream");
    expected.put("Restart", "on-failure");
    expected.put("RestartSec", "5");
    expected.put("SuccessExitStatus", "143");
    expected.put("ProtectSystem", "strict");
    expected.put("ProtectHome", "yes");
    expected.put("PrivateTmp", "yes");
    expected.put("NoNewPrivileges", "yes");
    expected.put("WantedBy", "multi-user.target");
    expected.forEach((key, value) -> assertThat(unit.get(key)).as(key).containsExactly(value));
    // the camera and GPIO are devices: none of these may close them off
    assertThat(unit).doesNotContainKeys("PrivateDevices", "DevicePolicy", "DeviceAllow", "ProtectClock",
        "MemoryDenyWriteExecute", "SystemCallArchitectures", "DynamicUser");
    assertThat(Integer.parseInt(unit.get("TimeoutStopSec").get(0))).isGreaterThanOrEqualTo(30);
  }

  @Test
  void theMaintainerScriptsAreExecutableAndParse() throws Exception {
    for (String script : MAINTAINER_SCRIPTS) {
      Path file = control.resolve(script);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(script).isEqualTo("rwxr-xr-x");
      assertThat(Files.readAllLines(file).get(0)).as(script).isEqualTo("#!/bin/sh");
      assertThat(Files.readString(file)).as(script).contains("\nset -e\n");
      run("sh", "-n", file.toString());
      if (onPath("shellcheck")) {
        run("shellcheck", "--shell=sh", file.toString());
      }
    }
  }

  @Test
  void theWrapperParsesAndExplainsItsCommands() throws Exception {
    Path wrapper = root.resolve("usr/bin/pistream");
    run("bash", "-n", wrapper.toString());
    if (onPath("shellcheck")) {
      run("shellcheck", wrapper.toString());
    }
    assertThat(run("bash", wrapper.toString(), "help"))
        .contains("pistream run", "pistream hash-password [--token]", "pistream backup FILE", "/etc/pistream/jvm.options");
  }

  private static void assertSameBytes(Path source, String packaged) throws IOException {
    assertThat(Files.mismatch(source, root.resolve(packaged))).as(packaged + " is " + source).isEqualTo(-1L);
  }

  private static String field(String name) throws Exception {
    return run("dpkg-deb", "--field", deb.toString(), name).strip();
  }

  /** key -> values of a unit file, comments and section headers left out. */
  private static Map<String, List<String>> unitSettings(Path unit) throws IOException {
    return Files.readAllLines(unit).stream()
        .filter(line -> !line.isBlank() && !line.startsWith("#") && !line.startsWith("["))
        .map(line -> line.split("=", 2))
        .collect(Collectors.groupingBy(kv -> kv[0], TreeMap::new, Collectors.mapping(kv -> kv[1], Collectors.toList())));
  }

  private static boolean onPath(String command) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }

  /** Runs a command, fails on a non-zero exit with what it printed, returns its stdout. */
  private static String run(String... command) throws Exception {
    Path err = Files.createTempFile(work, "stderr", ".txt");
    Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    assertThat(exit).as("%s exited with %d: %s%s", Arrays.toString(command), exit, out, Files.readString(err)).isZero();
    return out;
  }

  /** Runs a command, fails on a non-zero exit, returns stdout and stderr together. */
  private static String runMerged(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    assertThat(exit).as("%s exited with %d: %s", Arrays.toString(command), exit, out).isZero();
    return out;
  }
}
