package be.belfort.demo;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Runs the demo feeder alone against any NGSI-LD broker, for example as a steady load source. */
@Command(name = "belfort-demo-feeder", mixinStandardHelpOptions = true,
        description = "Writes the living demo region to an NGSI-LD broker through its public API.")
public final class FeederMain implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Broker base URL (default ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--interval", defaultValue = "PT5S", description = "Time between rounds, ISO 8601 (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--max-rps", defaultValue = "20", description = "Most requests per second (default ${DEFAULT-VALUE}).")
    int maxRequestsPerSecond;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the simulated data (default ${DEFAULT-VALUE}).")
    long seed;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FeederMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        try (DemoFeeder feeder = new DemoFeeder(url, new DemoSettings(interval, maxRequestsPerSecond, seed,
                Clock.systemUTC())).start()) {
            System.out.println("Feeding the demo region to " + url + " every " + interval.toSeconds() + " s. Ctrl+C stops.");
            while (true) {
                Thread.sleep(Duration.ofSeconds(30));
                System.out.print(feeder.status().describe());
            }
        }
    }
}
