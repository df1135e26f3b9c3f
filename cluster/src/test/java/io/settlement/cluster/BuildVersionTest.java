package io.settlement.cluster;

import org.agrona.SemanticVersion;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuildVersionTest
{
    @Test
    void shouldTakeMajorMinorPatchAsTheAppVersionWithoutTheQualifier()
    {
        assertEquals(SemanticVersion.compose(1, 2, 3), BuildVersion.appVersion("1.2.3"));
        assertEquals(SemanticVersion.compose(1, 2, 3), BuildVersion.appVersion("1.2.3-SNAPSHOT"));
        assertEquals("0.10.255", BuildVersion.describe(BuildVersion.appVersion("0.10.255")));
    }

    @Test
    void shouldRefuseAVersionItCannotCarry()
    {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BuildVersion.appVersion("1.2")).getMessage()
            .contains("build version '1.2': expected major.minor.patch"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BuildVersion.appVersion("1.256.0")).getMessage()
            .contains("each of major, minor and patch must be 0 to 255"));
    }

    @Test
    void shouldReadTheVersionTheBuildWrote()
    {
        final String version = BuildVersion.current();
        assertFalse(version.contains("${"), version);
        BuildVersion.appVersion(version); // of the form major.minor.patch
    }
}
