package io.settlement.gateway.client;

import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.handler.ssl.SslContext;
import io.settlement.gateway.client.sbe.CycleMode;
import io.settlement.gateway.client.sbe.DayStatus;
import io.settlement.gateway.client.sbe.DealType;
import io.settlement.gateway.client.sbe.InstrumentKind;
import io.settlement.gateway.client.sbe.LimitKind;
import io.settlement.gateway.client.sbe.LockoutKind;
import io.settlement.gateway.client.sbe.Role;
import io.settlement.gateway.client.sbe.Side;

/**
 * A client of the settlement gateway (docs/protocol.md): one TCP (optionally TLS) connection with its own
 * event loop thread, SBE messages in SOFH frames.
 * <p>
 * Requests may be sent from any thread and are pipelined: each is encoded on the calling thread into a
 * pooled buffer, given the next correlation id (1, 2, ...) and written without waiting for earlier answers.
 * The returned future completes with the response carrying that correlation id, or exceptionally with
 * {@link GatewayClosedException} when the session ends first (SessionReject, connection closed, write failed).
 * Futures complete, and {@link #onPush} listeners run, on the client's event loop thread: do not block there.
 * <p>
 * With {@link #autoFlush(boolean) autoFlush} off, requests are written but not flushed until {@link #flush()}.
 */
public final class GatewayClient implements AutoCloseable
{
    public static final int MAX_FRAME_LENGTH = 64 * 1024;
    private static final ThreadLocal<RequestEncoder> ENCODER = ThreadLocal.withInitial(RequestEncoder::new);

    private final GatewayConnection connection;
    private final AtomicLong nextCorrelationId = new AtomicLong(1);

    private GatewayClient(final GatewayConnection connection)
    {
        this.connection = connection;
    }

    /**
     * Connects, blocking until the TCP connection (and, with an SslContext, the TLS handshake) is up.
     *
     * @throws UncheckedIOException when the connection or handshake fails.
     */
    public static GatewayClient connect(final String host, final int port, final SslContext sslContextOrNull)
        throws InterruptedException
    {
        return new GatewayClient(GatewayConnection.connect(host, port, sslContextOrNull));
    }

    public CompletableFuture<Response> logon(final long participantId, final String secret)
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().logon(connection.alloc(), id, participantId, secret));
    }

    /** Sends a Heartbeat; the gateway does not answer, so the future completes (with null) once it is flushed. */
    public CompletableFuture<Response> heartbeat()
    {
        final long id = nextCorrelationId.getAndIncrement();
        final ByteBuf frame = ENCODER.get().heartbeat(connection.alloc(), id);
        return connection.sendUnanswered(frame);
    }

    public CompletableFuture<Response> submitDeal(final long clientDealId, final long buyerId, final long sellerId,
        final int securityId, final int currencyId, final long quantity, final long cashAmount,
        final int settlementDate, final DealType dealType)
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().submitDeal(connection.alloc(), id, clientDealId, buyerId, sellerId, securityId,
            currencyId, quantity, cashAmount, settlementDate, dealType));
    }

    /**
     * A deal with linked and partial settlement terms: {@code linkId} (0 for none) ties it to this
     * participant's other pending deals of that id, all settling in one cycle or none; with
     * {@code partialAllowed} it may settle in parts of at least {@code minimumQuantity} (1 to quantity; 0
     * when partial settlement is not allowed).
     */
    public CompletableFuture<Response> submitDeal(final long clientDealId, final long buyerId, final long sellerId,
        final int securityId, final int currencyId, final long quantity, final long cashAmount,
        final int settlementDate, final DealType dealType, final long linkId, final boolean partialAllowed,
        final long minimumQuantity)
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().submitDeal(connection.alloc(), id, clientDealId, buyerId, sellerId, securityId,
            currencyId, quantity, cashAmount, settlementDate, dealType, linkId, partialAllowed, minimumQuantity));
    }

    /**
     * One side of a deal (a MEMBER's; wire protocol 3), matched by the engine with the counterparty's
     * instruction (docs/rules.md "Two-sided matching"). Answered by InstructionAccepted (its instructionId;
     * an idempotent repeat of {@code clientRef} gets the original) or InstructionRejected. When it matches
     * a waiting instruction, an InstructionMatched with the same correlationId follows at once (it reaches
     * the {@link #onPush} listeners, as the future has completed), or, when a limit refuses the deal,
     * InstructionEnded for both instructions. When it waits, the counterparty is pushed an InstructionAlleged.
     */
    public CompletableFuture<Response> submitInstruction(final long clientRef, final Side side, final long counterpartyId,
        final int securityId, final int currencyId, final long quantity, final long cashAmount, final int settlementDate,
        final DealType dealType, final long linkId, final boolean partialAllowed, final long minimumQuantity)
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().submitInstruction(connection.alloc(), id, clientRef, side, counterpartyId, securityId,
            currencyId, quantity, cashAmount, settlementDate, dealType, linkId, partialAllowed, minimumQuantity));
    }

    /** As {@link #submitInstruction(long, Side, long, int, int, long, long, int, DealType, long, boolean, long)}, unlinked and not partial. */
    public CompletableFuture<Response> submitInstruction(final long clientRef, final Side side, final long counterpartyId,
        final int securityId, final int currencyId, final long quantity, final long cashAmount, final int settlementDate,
        final DealType dealType)
    {
        return submitInstruction(clientRef, side, counterpartyId, securityId, currencyId, quantity, cashAmount, settlementDate,
            dealType, 0, false, 0);
    }

    /** Cancels this participant's own unmatched instruction: InstructionEnded (CANCELLED, pushed to the counterparty too), or CommandResult with the refusal. */
    public CompletableFuture<Response> cancelInstruction(final long instructionId)
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().cancelInstruction(connection.alloc(), id, instructionId));
    }

    /** An instruction (its owner's, its counterparty's; RISK, OPERATOR, AUDITOR any): InstructionReport, or CommandResult. */
    public CompletableFuture<Response> queryInstruction(final long instructionId)
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().queryInstruction(connection.alloc(), id, instructionId));
    }

    /** OPERATOR: how far two instructions' cash in a currency may differ and still match (minor units, default 0). CommandResult. */
    public CompletableFuture<Response> setMatchingTolerance(final int currencyId, final long toleranceMinor)
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().setMatchingTolerance(connection.alloc(), id, currencyId, toleranceMinor));
    }

    /** OPERATOR: business days an unmatched instruction waits before it expires (0-250, default 20). CommandResult. */
    public CompletableFuture<Response> setInstructionExpiry(final int businessDays)
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().setInstructionExpiry(connection.alloc(), id, businessDays));
    }

    public CompletableFuture<Response> cancelDeal(final long dealId)
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().cancelDeal(connection.alloc(), id, dealId));
    }

    /**
     * Holds one side of a pending deal (that side's party or an OPERATOR): every cycle skips the deal
     * while a side is held. Answered by DealHeld, or CommandResult OK when the side was held already, or
     * CommandResult with the reason it was refused; both parties' sessions are pushed the DealHeld.
     */
    public CompletableFuture<Response> holdDeal(final long dealId, final Side side)
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().holdDeal(connection.alloc(), id, dealId, side));
    }

    /**
     * Lifts the hold of one side of a pending deal (that side's party or an OPERATOR, whoever held it).
     * Answered by DealReleased, or CommandResult OK when the side was not held, or CommandResult with the
     * reason it was refused; both parties' sessions are pushed the DealReleased.
     */
    public CompletableFuture<Response> releaseDeal(final long dealId, final Side side)
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().releaseDeal(connection.alloc(), id, dealId, side));
    }

    public CompletableFuture<Response> queryLimits(final long participantId)
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().queryLimits(connection.alloc(), id, participantId));
    }

    public CompletableFuture<Response> queryPosition(final long participantId, final int instrumentId)
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().queryPosition(connection.alloc(), id, participantId, instrumentId));
    }

    /**
     * Asks for every participant and its role (RISK, OPERATOR and AUDITOR only; a MEMBER gets a CommandResult
     * NOT_AUTHORISED). The gateway may answer in several ParticipantsReport frames; the future completes once,
     * with all of their lines in participant-id order.
     */
    public CompletableFuture<Response> queryParticipants()
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().queryParticipants(connection.alloc(), id));
    }

    /**
     * Asks for every instrument with its kind and code (any role). The gateway may answer in several
     * InstrumentsReport frames; the future completes once, with all of their lines in instrument-id order
     * ({@link Response#instruments()}).
     */
    public CompletableFuture<Response> queryInstruments()
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().queryInstruments(connection.alloc(), id));
    }

    public CompletableFuture<Response> queryDeal(final long dealId)
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().queryDeal(connection.alloc(), id, dealId));
    }

    /**
     * @param name      the participant's name: 1-64 bytes of UTF-8, no control characters (else INVALID_NAME)
     * @param shortCode its short code: 1-12 printable ASCII characters (else INVALID_SHORT_CODE), unique among
     *                  participants (else DUPLICATE_SHORT_CODE)
     */
    public CompletableFuture<Response> createParticipant(final long participantId, final Role role, final String name,
        final String shortCode)
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().createParticipant(connection.alloc(), id, participantId, role, name, shortCode));
    }

    /**
     * @param code       0-12 ASCII characters, zero padded on the wire (the gateway wants 1-12 printable ones; a
     *                   currency's is its ISO 4217 code, 3 capital letters, else INVALID_CURRENCY)
     * @param isin       a security's ISIN, check digit verified (else INVALID_ISIN); empty for a currency
     * @param name       its name: 1-64 bytes of UTF-8, no control characters (else INVALID_NAME)
     * @param minorUnits digits after the decimal point: 0-4 for a currency, 0 for a security (else INVALID_MINOR_UNITS)
     */
    public CompletableFuture<Response> createInstrument(final int instrumentId, final InstrumentKind kind,
        final String code, final String isin, final String name, final int minorUnits)
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().createInstrument(connection.alloc(), id, instrumentId, kind, code, isin, name, minorUnits));
    }

    public CompletableFuture<Response> deposit(final long participantId, final int instrumentId, final long amount)
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().deposit(connection.alloc(), id, participantId, instrumentId, amount));
    }

    public CompletableFuture<Response> withdraw(final long participantId, final int instrumentId, final long amount)
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().withdraw(connection.alloc(), id, participantId, instrumentId, amount));
    }

    public CompletableFuture<Response> setLimit(final long participantId, final LimitKind kind, final long key,
        final long amount)
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().setLimit(connection.alloc(), id, participantId, kind, key, amount));
    }

    public CompletableFuture<Response> advanceBusinessDate(final int yyyymmdd)
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().advanceBusinessDate(connection.alloc(), id, yyyymmdd));
    }

    /** A GROSS settlement cycle (OPERATOR only). */
    public CompletableFuture<Response> runSettlementCycle()
    {
        return runSettlementCycle(CycleMode.GROSS);
    }

    /**
     * A settlement cycle in {@code mode} (OPERATOR only): answered by a CommandResult, OK once the cycle has run
     * (the parties of each deal attempted get its DealSettled or DealSettlementFailed push), or NOT_AUTHORISED,
     * or INVALID_MODE for a code that is not a mode.
     */
    public CompletableFuture<Response> runSettlementCycle(final CycleMode mode)
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().runSettlementCycle(connection.alloc(), id, mode));
    }

    /**
     * Whether Saturdays and Sundays are business days (OPERATOR only). Answered by a CommandResult: OK (also when
     * already so), or NOT_A_BUSINESS_DAY when closing them while the business date is a Saturday or a Sunday.
     */
    public CompletableFuture<Response> setCalendar(final DayStatus weekends)
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().setCalendar(connection.alloc(), id, weekends));
    }

    /**
     * Closes a day after the business date ({@code CLOSED}: a holiday) or opens it again (OPERATOR only).
     * Answered by a CommandResult: OK (also when already so), INVALID_DATE for a day not after the business date.
     */
    public CompletableFuture<Response> setHoliday(final int yyyymmdd, final DayStatus status)
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().setHoliday(connection.alloc(), id, yyyymmdd, status));
    }

    /**
     * Asks for the logon lockouts in force (OPERATOR only; any other role gets a CommandResult NOT_AUTHORISED).
     * The answer is a LockoutsReport ({@link Response#lockouts()}, {@link Response#total()}). The gateway answers
     * at once, possibly before the answers to requests sent earlier.
     */
    public CompletableFuture<Response> queryLockouts()
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().queryLockouts(connection.alloc(), id));
    }

    /**
     * Forgets the failed logons of a participant id, ending its lockout if one is in force (OPERATOR only).
     * The answer is a CommandResult: OK, NO_SUCH_LOCKOUT, INVALID_FIELD (an id of 0 or less) or NOT_AUTHORISED;
     * the gateway answers at once, possibly before the answers to requests sent earlier.
     */
    public CompletableFuture<Response> liftParticipantLockout(final long participantId)
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().liftLockout(connection.alloc(), id, LockoutKind.PARTICIPANT, participantId, ""));
    }

    /**
     * Forgets the failed logons from a remote address, ending its lockout if one is in force (OPERATOR only).
     * The answer is as for {@link #liftParticipantLockout(long)}; INVALID_FIELD when the address is not an IP
     * address literal (the gateway never resolves a host name).
     *
     * @param address an IPv4 or IPv6 address literal, at most 48 ASCII characters.
     * @throws IllegalArgumentException when the address is longer or not ASCII (nothing is sent).
     */
    public CompletableFuture<Response> liftAddressLockout(final String address)
    {
        final long id = nextCorrelationId.getAndIncrement();
        return connection.request(id, ENCODER.get().liftLockout(connection.alloc(), id, LockoutKind.ADDRESS, 0, address));
    }

    /** Writes the bytes exactly as given, no framing added (for fuzzing the gateway); flushed per autoFlush. */
    public void sendRaw(final byte[] bytes)
    {
        Objects.requireNonNull(bytes, "bytes");
        connection.sendRaw(bytes);
    }

    /** Flushes the requests written since the last flush (needed only with autoFlush off). */
    public void flush()
    {
        connection.flush();
    }

    /** @param autoFlush true (the default) to flush every request as it is sent, false to wait for {@link #flush()}. */
    public void autoFlush(final boolean autoFlush)
    {
        connection.autoFlush(autoFlush);
    }

    public boolean autoFlush()
    {
        return connection.autoFlush();
    }

    /**
     * Adds a listener for pushed messages (DealSettled, DealPartiallySettled, DealSettlementFailed, DealCancelled, DealHeld and
     * DealReleased with correlationId 0; InstructionAlleged, InstructionMatched and InstructionEnded)
     * and for any response (an InstructionMatched following the InstructionAccepted of one's own instruction) whose correlationId matches no pending request. Runs on the event loop thread;
     * an exception it throws is ignored.
     */
    public void onPush(final Consumer<Response> listener)
    {
        connection.onPush(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * @return a future completed when the connection has closed: with the SessionReject the gateway sent
     * before closing, or with null if it sent none.
     */
    public CompletableFuture<Response> closed()
    {
        return connection.closed();
    }

    /** @return the number of requests sent and not yet answered. */
    public int pendingRequests()
    {
        return connection.pendingRequests();
    }

    /** @return true while the connection is open and no SessionReject has been received. */
    public boolean isActive()
    {
        return connection.isActive();
    }

    /** @return false while the unsent bytes are over Netty's high water mark: a load generator may back off. */
    public boolean isWritable()
    {
        return connection.isWritable();
    }

    /**
     * Closes the connection (pending requests fail with {@link GatewayClosedException}) and shuts the event
     * loop down, waiting a few seconds at most (not at all when called on the event loop itself).
     */
    @Override
    public void close()
    {
        connection.close();
    }
}
