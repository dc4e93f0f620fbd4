package io.pistream.launcher;

import io.pistream.contracts.PasswordHashes;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code pistream hash-password}: reads a password (without echo on a terminal) and prints its hash to
 * paste into {@code http.auth.users}; never the password. {@code --token} makes a new API token instead
 * and prints the token (shown this once) and the hash for {@code http.auth.tokens}.
 */
final class HashPasswordCommand {

  static final String USAGE = """
      usage: pistream hash-password            reads a password from stdin, prints its hash for http.auth.users
             pistream hash-password --token    makes an API token, prints it and its hash for http.auth.tokens""";

  /** @return the process exit code */
  static int run(String[] args, Console console, BufferedReader stdin, PrintStream out, PrintStream err) throws IOException {
    if (args.length == 1 && args[0].equals("--token")) {
      String token = PasswordHashes.newToken();
      out.println("token:     " + token);
      out.println("tokenHash: " + PasswordHashes.hashToken(token));
      err.println("Keep the token for the program that uses it; put only tokenHash in the config.");
      return 0;
    }
    if (args.length != 0) {
      err.println(USAGE);
      return 2;
    }
    char[] password;
    if (console != null) {
      char[] first = console.readPassword("password: ");
      char[] again = console.readPassword("again:    ");
      if (first == null || again == null || !Arrays.equals(first, again)) {
        err.println("pistream: the two passwords differ; nothing printed");
        return 1;
      }
      Arrays.fill(again, ' ');
      password = first;
    } else {
      String line = stdin.readLine();
      password = line == null ? new char[0] : line.toCharArray();
    }
    if (password.length == 0) {
      err.println("pistream: an empty password cannot protect anything; nothing printed");
      return 1;
    }
    try {
      out.println(PasswordHashes.hashPassword(password));
    } finally {
      Arrays.fill(password, ' ');
    }
    return 0;
  }

  static int run(String[] args) throws IOException {
    return run(args, System.console(), new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
        System.out, System.err);
  }

  private HashPasswordCommand() {
  }
}
