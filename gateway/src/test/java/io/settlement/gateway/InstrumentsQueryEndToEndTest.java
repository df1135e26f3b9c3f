package io.settlement.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.settlement.gateway.client.GatewayClient;
import io.settlement.gateway.client.InstrumentLine;
import io.settlement.gateway.client.Response;
import io.settlement.gateway.client.sbe.InstrumentKind;
import io.settlement.gateway.client.sbe.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.settlement.gateway.GatewayFixture.ACME;
import static io.settlement.gateway.GatewayFixture.BANK_A;
import static io.settlement.gateway.GatewayFixture.OPS;
import static io.settlement.gateway.GatewayFixture.USD;
import static io.settlement.gateway.GatewayFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** QueryInstruments over the wire: the whole list in instrument-id order, in as many frames as it needs. */
class InstrumentsQueryEndToEndTest
{
    private GatewayFixture f;

    @BeforeEach
    void start() throws Exception
    {
        f = new GatewayFixture(new GatewayConfig());
    }

    @AfterEach
    void stop() throws Exception
    {
        f.close();
    }

    /** An ISIN for a test security: XS, the id in 9 digits, and the check digit ISO 6166 gives. */
    static String isin(final int id)
    {
        final String body = String.format("XS%09d", id);
        return body + io.settlement.engine.api.ReferenceChecks.checkDigit(body);
    }

    /** Three capital letters, distinct for every {@code i} below 17,576. */
    static String currencyCode(final int i)
    {
        return "" + (char)('A' + i / 676 % 26) + (char)('A' + i / 26 % 26) + (char)('A' + i % 26);
    }

    @Test
    void shouldListEveryInstrumentWithItsKindAndCodeInIdOrderForAMember() throws Exception
    {
        final GatewayClient member = f.logOn(BANK_A);
        final Response report = await(member.queryInstruments());
        assertEquals(Response.Type.INSTRUMENTS_REPORT, report.type());
        // the fixture's instruments are created without details: a currency then has 2 minor units, a security 0
        assertEquals(List.of(new InstrumentLine(ACME, InstrumentKind.SECURITY, "ACME", "", "", 0),
            new InstrumentLine(USD, InstrumentKind.CURRENCY, "USD", "", "", 2)), report.instruments());
        assertEquals(0, report.remaining());
    }

    @Test
    void shouldSendALongListInSeveralFramesThatTheClientJoins() throws Exception
    {
        // 2 from the fixture + 450 = 452 lines: 11 frames of 40 and one of 12
        final GatewayClient operator = f.logOn(OPS);
        for (int batch = 0; batch < 450; batch += 50) // in batches, well within the ring
        {
            final List<CompletableFuture<Response>> created = new ArrayList<>();
            for (int i = batch; i < batch + 50; i++)
            {
                final int id = 100_000 - 100 * i; // created in descending id order: 100,000 down to 55,100
                created.add(i % 2 == 0
                    ? operator.createInstrument(id, InstrumentKind.SECURITY, "I" + id, isin(id), "Облигация " + id, 0)
                    : operator.createInstrument(id, InstrumentKind.CURRENCY, currencyCode(i), "", "Currency " + id, i % 5));
            }
            for (final CompletableFuture<Response> future : created)
            {
                assertEquals(Reason.OK, await(future).result());
            }
        }
        final List<Response> frames = new ArrayList<>();
        final GatewayClient member = f.logOn(BANK_A);
        member.onPush(frames::add);
        final Response report = await(member.queryInstruments());
        assertEquals(452, report.instruments().size());
        assertEquals(0, report.remaining());
        for (int i = 1; i < report.instruments().size(); i++)
        {
            final int previous = report.instruments().get(i - 1).instrumentId();
            assertEquals(true, previous < report.instruments().get(i).instrumentId(), "id order at line " + i);
        }
        assertEquals(new InstrumentLine(ACME, InstrumentKind.SECURITY, "ACME", "", "", 0), report.instruments().get(0));
        assertEquals(new InstrumentLine(USD, InstrumentKind.CURRENCY, "USD", "", "", 2), report.instruments().get(1));
        // i = 449, odd: 449 = 17 * 26 + 7, so A, R, H
        assertEquals(new InstrumentLine(55_100, InstrumentKind.CURRENCY, "ARH", "", "Currency 55100", 4), report.instruments().get(2));
        // line 201 (from 0): i = 449 - 199 = 250, even
        assertEquals(new InstrumentLine(75_000, InstrumentKind.SECURITY, "I75000", isin(75_000), "Облигация 75000", 0),
            report.instruments().get(201));
        assertEquals(new InstrumentLine(100_000, InstrumentKind.SECURITY, "I100000", isin(100_000), "Облигация 100000", 0),
            report.instruments().get(451));
        assertEquals(List.of(), frames, "no frame of the report leaks out as a push");
        // the next answer on the session is in order after the report
        assertEquals(Response.Type.POSITION_REPORT, await(member.queryPosition(BANK_A, USD)).type());
        // and a second list on the same session joins its own frames
        assertEquals(report.instruments(), await(member.queryInstruments()).instruments());
    }
}
