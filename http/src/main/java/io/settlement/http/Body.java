package io.settlement.http;

import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A request's JSON object, read field by field: a missing field, a field of the wrong type, a number
 * out of range or a field the request does not take is refused with a message that names it.
 */
final class Body
{
    private final JsonNode node;

    private Body(final JsonNode node)
    {
        this.node = node;
    }

    /**
     * @param allowed the fields this request takes (any other is refused: a misspelt optional field
     *                must not pass silently)
     */
    static Body parse(final ObjectMapper json, final String text, final Set<String> allowed)
    {
        final JsonNode node;
        try
        {
            node = json.readTree(text == null ? "" : text);
        }
        catch (final JsonProcessingException ex)
        {
            throw ApiError.invalid("the body is not JSON: " + ex.getOriginalMessage());
        }
        if (node == null || !node.isObject())
        {
            throw ApiError.invalid("the body must be a JSON object");
        }
        for (final Iterator<String> names = node.fieldNames(); names.hasNext(); )
        {
            final String name = names.next();
            if (!allowed.contains(name))
            {
                throw ApiError.invalid("unknown field '" + name + "' (this request takes " + String.join(", ", allowed) + ")");
            }
        }
        return new Body(node);
    }

    /** A whole number that fits in a long. */
    long requiredLong(final String field)
    {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull())
        {
            throw ApiError.invalid("missing field '" + field + "'");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong())
        {
            throw ApiError.invalid("field '" + field + "' must be a whole number that fits in 64 bits, found " + value);
        }
        return value.longValue();
    }

    long optionalLong(final String field, final long absent)
    {
        final JsonNode value = node.get(field);
        return value == null || value.isNull() ? absent : requiredLong(field);
    }

    /** A whole number in [min, max]. */
    int requiredInt(final String field, final long min, final long max)
    {
        final long value = requiredLong(field);
        if (value < min || value > max)
        {
            throw ApiError.invalid("field '" + field + "' is out of range (" + min + " to " + max + "), found " + value);
        }
        return (int)value;
    }

    int optionalInt(final String field, final long min, final long max, final int absent)
    {
        final JsonNode value = node.get(field);
        return value == null || value.isNull() ? absent : requiredInt(field, min, max);
    }

    String requiredText(final String field)
    {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull())
        {
            throw ApiError.invalid("missing field '" + field + "'");
        }
        if (!value.isTextual())
        {
            throw ApiError.invalid("field '" + field + "' must be a string, found " + value);
        }
        return value.textValue();
    }

    /** true or false; {@code absent} when the field is absent or null. */
    boolean optionalBoolean(final String field, final boolean absent)
    {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull())
        {
            return absent;
        }
        if (!value.isBoolean())
        {
            throw ApiError.invalid("field '" + field + "' must be true or false, found " + value);
        }
        return value.booleanValue();
    }

    /** Whether the field is there (and not null). */
    boolean has(final String field)
    {
        final JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    /** A string, or null when the field is absent or null. */
    String optionalText(final String field)
    {
        final JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : requiredText(field);
    }

    /** One of an enum's constants by name (the wire schema's names: {@code MEMBER}, {@code DVP}, ...). */
    <E extends Enum<E>> E requiredEnum(final String field, final Class<E> type, final Set<E> allowed)
    {
        final String text = requiredText(field);
        for (final E constant : allowed)
        {
            if (constant.name().equals(text))
            {
                return constant;
            }
        }
        throw ApiError.invalid("field '" + field + "' must be one of " + allowed + ", found \"" + text + "\"");
    }
}
