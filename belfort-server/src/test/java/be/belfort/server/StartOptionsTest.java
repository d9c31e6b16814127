package be.belfort.server;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The launcher's options become the platform's settings: the warm-up at start, the size of temporal answers. */
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

    @Test
    void aTemporalAnswerHoldsAsMuchAsOneSeriesMayByDefault() {
        assertThat(settings().maxHistoryValues()).isEqualTo(settings().maxHistoryInstances()).isEqualTo(10_000);
        assertThat(settings("--max-history-values", "250000").maxHistoryValues()).isEqualTo(250_000);
        assertThatThrownBy(() -> settings("--max-history-values", "0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--max-history-values");
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
