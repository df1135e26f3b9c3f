-- Two-sided matching (DESIGN.md 4b, docs/rules.md): every settlement instruction registered, with where it
-- stands. A refused SubmitInstruction leaves no row (nothing was registered). The deal a match registers
-- is a row of deal (registered by the SubmitInstruction that matched, client_deal_id 0), booked as any deal.
CREATE TABLE instruction (
    instruction_id   BIGINT       NOT NULL,      -- the engine's id
    registration_sequence BIGINT  NOT NULL,      -- the SubmitInstruction command that registered it
    owner_id         BIGINT       NOT NULL,      -- the participant whose side it is
    client_ref       BIGINT       NOT NULL,
    side             VARCHAR(4)   NOT NULL,      -- BUY or SELL
    buyer_id         BIGINT       NOT NULL,
    seller_id        BIGINT       NOT NULL,
    security_id      INTEGER      NOT NULL,
    currency_id      INTEGER      NOT NULL,
    quantity         BIGINT       NOT NULL,
    cash_amount      BIGINT       NOT NULL,      -- as instructed
    settlement_date  INTEGER      NOT NULL,      -- yyyymmdd
    deal_type        VARCHAR(8)   NOT NULL,      -- DVP or FOP
    link_id          BIGINT       NOT NULL,
    partial_allowed  INTEGER      NOT NULL,
    minimum_quantity BIGINT       NOT NULL,
    status           VARCHAR(16)  NOT NULL,      -- UNMATCHED, MATCHED, CANCELLED, EXPIRED, REFUSED
    end_reason       VARCHAR(48),                -- EXPIRED: UNMATCHED_EXPIRED; REFUSED: the refusal of the match
    deal_id          BIGINT,                     -- MATCHED: the deal registered
    registered_at    TIMESTAMP    NOT NULL,
    registered_business_date INTEGER NOT NULL,
    ended_sequence   BIGINT,                     -- the command that matched, cancelled, expired or refused it
    ended_ordinal    INTEGER,                    -- the place of the event that ended it among its command's events
    ended_at         TIMESTAMP,
    ended_business_date INTEGER,
    CONSTRAINT pk_instruction PRIMARY KEY (instruction_id)
);
CREATE INDEX ix_instruction_registered ON instruction (registration_sequence);
CREATE INDEX ix_instruction_ended_day ON instruction (ended_business_date);
