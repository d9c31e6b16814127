package be.belfort.dashboard;

import be.belfort.model.NgsiLdException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbedOriginsTest {
    @Test
    void originsAreKeptInOneWrittenForm() {
        assertThat(EmbedOrigins.valid(List.of("https://www.Gent.be/", " http://localhost:8081", "https://*.gent.be",
                "https://www.gent.be"))).containsExactly("https://www.gent.be", "http://localhost:8081", "https://*.gent.be");
        assertThat(EmbedOrigins.valid(List.of())).isEmpty();
    }

    @Test
    void anythingButAnOriginIsRefusedWithWhatIsWrong() {
        for (String wrong : List.of("www.gent.be", "ftp://www.gent.be", "https://www.gent.be/stad", "'self'", "'none'",
                "*", "https://", "https://www.gent.be:99999", "https://www.gent.be; script-src *", "javascript:alert(1)",
                "https://gent..be", "https://-gent.be", "https://www.gent.be?x=1", "")) {
            assertThatThrownBy(() -> EmbedOrigins.valid(List.of(wrong))).as(wrong)
                    .isInstanceOf(NgsiLdException.class).hasMessageContaining("such as https://www.gent.be")
                    .hasMessageContaining("not '" + wrong + "'");
        }
        assertThatThrownBy(() -> EmbedOrigins.valid(IntStream.range(0, 21).mapToObj(i -> "https://site" + i + ".be").toList()))
                .hasMessageContaining("at most 20");
    }
}
