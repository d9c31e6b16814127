package be.belfort.server;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The launcher's options become the platform's settings: the warm-up at start. */
class StartOptionsTest {
    @Test
    void theLauncherWarmsUpByDefaultAndZeroTurnsItOff() {
        assertThat(settings().warmUp()).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings("--warm-up", "PT0S").warmUp()).isZero();
        assertThat(settings("--warm-up", "PT45S").warmUp()).isEqualTo(Duration.ofSeconds(45));
        assertThat(Settings.embedded(null, 0).warmUp()).as("tests and embedders start cold unless they ask").isZero();
    }

    @Test
    void aNegativeWarmUpIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> settings("--warm-up", "PT-5S")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--warm-up");
    }

    private static Settings settings(String... options) {
        String[] args = new String[options.length + 1];
        args[0] = "start";
        System.arraycopy(options, 0, args, 1, options.length);
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args);
        Main.Start start = (Main.Start) parsed.subcommand().commandSpec().userObject();
        return start.options.settings();
    }
}
