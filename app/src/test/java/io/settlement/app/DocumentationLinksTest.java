package io.settlement.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A clone of the repository is all a user or contributor has: every file or folder the README and
 * docs/ point to (a Markdown link or a `path` in backquotes that names a file) must be inside the
 * repository and exist.
 */
class DocumentationLinksTest
{
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
    private static final Pattern QUOTED_PATH = Pattern.compile("`((?:\\.\\./|docs/)[^`\\s]*\\.(?:md|txt|conf|xml))`");

    @Test
    void shouldPointOnlyToFilesInsideTheRepository() throws IOException
    {
        assertTrue(Files.isRegularFile(ROOT.resolve("README.md")), "run from a module folder: " + ROOT);
        final List<String> broken = new ArrayList<>();
        for (final Path page : pages())
        {
            final String text = Files.readString(page);
            final List<String> targets = new ArrayList<>();
            collect(LINK.matcher(text), targets);
            collect(QUOTED_PATH.matcher(text), targets);
            for (final String target : targets)
            {
                if (target.startsWith("http://") || target.startsWith("https://") || target.startsWith("mailto:"))
                {
                    continue;
                }
                final Path resolved = resolve(page, target);
                if (!resolved.startsWith(ROOT))
                {
                    broken.add(ROOT.relativize(page) + ": " + target + " is outside the repository");
                }
                else if (!Files.exists(resolved))
                {
                    broken.add(ROOT.relativize(page) + ": " + target + " does not exist");
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    private static void collect(final Matcher m, final List<String> targets)
    {
        while (m.find())
        {
            targets.add(m.group(1));
        }
    }

    /** A Markdown link is relative to its page; a quoted path in prose is relative to the repository root. */
    private static Path resolve(final Path page, final String target)
    {
        final Path base = target.startsWith("docs/") && !page.getParent().equals(ROOT) ? ROOT : page.getParent();
        return base.resolve(target).normalize();
    }

    private static List<Path> pages() throws IOException
    {
        final List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        pages.add(ROOT.resolve("perf-results/README.md"));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs")))
        {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }
}
