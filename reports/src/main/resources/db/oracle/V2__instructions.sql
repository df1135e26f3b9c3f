-- Two-sided matching (DESIGN.md 4b, docs/rules.md): every settlement instruction registered, with where it
-- stands. A refused SubmitInstruction leaves no row (nothing was registered). The deal a match registers
-- is a row of deal (registered by the SubmitInstruction that matched, client_deal_id 0), booked as any deal.
CREATE TABLE instruction (
    instruction_id   NUMBER(19)  NOT NULL,      -- the engine's id
    registration_sequence NUMBER(19)  NOT NULL,      -- the SubmitInstruction command that registered it
    owner_id         NUMBER(19)  NOT NULL,      -- the participant whose side it is
    client_ref       NUMBER(19)  NOT NULL,
    side             VARCHAR2(4)   NOT NULL,      -- BUY or SELL
    buyer_id         NUMBER(19)  NOT NULL,
    seller_id        NUMBER(19)  NOT NULL,
    security_id      NUMBER(10)      NOT NULL,
    currency_id      NUMBER(10)      NOT NULL,
    quantity         NUMBER(19)  NOT NULL,
    cash_amount      NUMBER(19)  NOT NULL,      -- as instructed
    settlement_date  NUMBER(10)      NOT NULL,      -- yyyymmdd
    deal_type        VARCHAR2(8)   NOT NULL,      -- DVP or FOP
    link_id          NUMBER(19)  NOT NULL,
    partial_allowed  NUMBER(10)      NOT NULL,
    minimum_quantity NUMBER(19)  NOT NULL,
    status           VARCHAR2(16)  NOT NULL,      -- UNMATCHED, MATCHED, CANCELLED, EXPIRED, REFUSED
    end_reason       VARCHAR2(48),                -- EXPIRED: UNMATCHED_EXPIRED; REFUSED: the refusal of the match
    deal_id          NUMBER(19),                     -- MATCHED: the deal registered
    registered_at    TIMESTAMP    NOT NULL,
    registered_business_date NUMBER(10) NOT NULL,
    ended_sequence   NUMBER(19),                     -- the command that matched, cancelled, expired or refused it
    ended_ordinal    NUMBER(10),                    -- the place of the event that ended it among its command's events
    ended_at         TIMESTAMP,
    ended_business_date NUMBER(10),
    CONSTRAINT pk_instruction PRIMARY KEY (instruction_id)
);
CREATE INDEX ix_instruction_registered ON instruction (registration_sequence);
CREATE INDEX ix_instruction_ended_day ON instruction (ended_business_date);
