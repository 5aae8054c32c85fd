package dev.tarsier.vulndb.internal.version;

import dev.tarsier.api.spi.InvalidVersionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GoVersionSchemeTest {

    private final GoVersionScheme scheme = new GoVersionScheme();

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = ' ', value = {
            "v1.2.3 = 1.2.3",
            "go1.20.12 = 1.20.12",
            "go1.20 = 1.20.0",
            "go1.20 < 1.20.1",
            "go1.21rc2 < 1.21.0",
            "go1.21rc2 > 1.21.0-0",
            "go1.21rc2 = 1.21.0-rc.2",
            "1.19.0-0 < go1.19",
            "v0.0.0-20210520170846-37e1c6afe023 > v0.0.0-20210226172049-e18ecbb05110",
            "v0.0.0-20220906165146-f3363e06e74c = 0.0.0-20220906165146-f3363e06e74c",
            "v0.0.0-20220906165146-f3363e06e74c < 0.4.0",
            "v1.2.4-0.20191109021931-daa7c04131f5 > v1.2.3",
            "v1.2.4-0.20191109021931-daa7c04131f5 < v1.2.4",
            "v1.2.4-0.20191109021931-daa7c04131f5 < v1.2.4-pre",
            "v2.0.0+incompatible = 2.0.0",
            "v2.0.0+incompatible < v2.0.1",
            "v1.10.0 > v1.9.9",
    })
    void compare(String left, String op, String right) throws InvalidVersionException {
        int c = Integer.signum(scheme.compare(left, right));
        assertEquals(switch (op) { case "<" -> -1; case ">" -> 1; default -> 0; }, c, left + " " + op + " " + right);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "(devel)", "devel go1.22-abc", "v1", "latest", "go", "v1.2.3.4", "V1.2.3"})
    void parse_rejectsNonVersions(String text) {
        assertThrows(InvalidVersionException.class, () -> scheme.parse(text));
    }
}
