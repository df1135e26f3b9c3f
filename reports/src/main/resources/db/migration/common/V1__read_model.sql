-- The reports read model, version 1 (docs/reports.md). Portable SQL: run as is on H2 (the embedded
-- default) and PostgreSQL 15; the Oracle variant of the same tables is db/oracle/V1__read_model.sql.
-- Amounts are in minor units (BIGINT), as in the engine; a report divides by 10^minor_units of the
-- instrument. Times are UTC. Every row written by the projector carries the sequence of the
-- command that caused it, so any figure can be traced back to the journal.

-- Where the projector stands: one row per projector, written in the same transaction as the rows
-- it applied, so that a restart resumes exactly after the last committed batch.
CREATE TABLE projector_progress (
    projector        VARCHAR(32)  NOT NULL,
    command_index    BIGINT       NOT NULL,  -- Chronicle index of the command journal excerpt to resume from
    command_record   INTEGER      NOT NULL,  -- records of that excerpt already applied
    event_index      BIGINT       NOT NULL,  -- Chronicle index of the event journal excerpt to resume from
    event_record     INTEGER      NOT NULL,  -- records of that excerpt already applied
    last_sequence    BIGINT       NOT NULL,  -- the last command sequence applied (0: none)
    last_sequence_events INTEGER  NOT NULL,  -- events of that command applied (a batch may end inside a command's events)
    business_date    INTEGER      NOT NULL,  -- the business date after it (yyyymmdd; 0 before the first)
    next_movement_id BIGINT       NOT NULL,
    next_posting_id  BIGINT       NOT NULL,
    updated_at       TIMESTAMP    NOT NULL,
    CONSTRAINT pk_projector_progress PRIMARY KEY (projector)
);

CREATE TABLE participant (
    participant_id   BIGINT       NOT NULL,
    role             VARCHAR(16)  NOT NULL,  -- MEMBER, RISK, OPERATOR, AUDITOR
    name             VARCHAR(256),           -- NULL when created by a build before reference data for people
    short_code       VARCHAR(16),
    created_sequence BIGINT       NOT NULL,
    created_at       TIMESTAMP    NOT NULL,
    CONSTRAINT pk_participant PRIMARY KEY (participant_id)
);

CREATE TABLE instrument (
    instrument_id    INTEGER      NOT NULL,
    kind             VARCHAR(16)  NOT NULL,  -- SECURITY or CURRENCY
    code             VARCHAR(16)  NOT NULL,  -- the instrument code; a currency's ISO 4217 code
    isin             VARCHAR(12),            -- securities: ISO 6166, check digit verified by the engine
    name             VARCHAR(256),
    minor_units      SMALLINT     NOT NULL,  -- decimal places of an amount (currencies 0-4; securities 0)
    created_sequence BIGINT       NOT NULL,
    created_at       TIMESTAMP    NOT NULL,
    CONSTRAINT pk_instrument PRIMARY KEY (instrument_id)
);

-- Every deal ever registered, rejected ones included (those have no deal_id).
CREATE TABLE deal (
    registration_sequence BIGINT      NOT NULL,  -- the SubmitDeal command that registered (or was refused)
    deal_id          BIGINT,                     -- the engine's id; NULL for a rejected deal
    submitter_id     BIGINT       NOT NULL,
    client_deal_id   BIGINT       NOT NULL,
    buyer_id         BIGINT       NOT NULL,
    seller_id        BIGINT       NOT NULL,
    security_id      INTEGER      NOT NULL,
    currency_id      INTEGER      NOT NULL,
    quantity         BIGINT       NOT NULL,
    cash_amount      BIGINT       NOT NULL,
    settlement_date  INTEGER      NOT NULL,      -- yyyymmdd
    deal_type        VARCHAR(8)   NOT NULL,      -- DVP or FOP
    status           VARCHAR(16)  NOT NULL,      -- PENDING, SETTLED, CANCELLED, REJECTED
    reject_reason    VARCHAR(48),                -- REJECTED: the engine's reason code name
    registered_at    TIMESTAMP    NOT NULL,
    registered_business_date INTEGER NOT NULL,
    failed_attempts  INTEGER      NOT NULL,
    first_failed_business_date INTEGER,
    last_fail_reason VARCHAR(48),
    finished_sequence BIGINT,                    -- the command that settled or cancelled it
    finished_at      TIMESTAMP,
    finished_business_date INTEGER,
    CONSTRAINT pk_deal PRIMARY KEY (registration_sequence)
);
CREATE UNIQUE INDEX ux_deal_id ON deal (deal_id);
CREATE INDEX ix_deal_registered_day ON deal (registered_business_date);
CREATE INDEX ix_deal_finished_day ON deal (finished_business_date);

-- Every state change of a deal, in journal order: REGISTERED, REJECTED, SETTLEMENT_FAILED (an
-- attempt that could not complete), SETTLED, CANCELLED.
CREATE TABLE deal_event (
    sequence         BIGINT       NOT NULL,
    ordinal          INTEGER      NOT NULL,  -- the event's place among those of its command
    registration_sequence BIGINT  NOT NULL,
    deal_id          BIGINT,
    kind             VARCHAR(24)  NOT NULL,
    reason           VARCHAR(48),
    occurred_at      TIMESTAMP    NOT NULL,
    business_date    INTEGER      NOT NULL,
    CONSTRAINT pk_deal_event PRIMARY KEY (sequence, ordinal)
);
CREATE INDEX ix_deal_event_deal ON deal_event (registration_sequence);

-- Every balance change with its cause.
CREATE TABLE movement (
    movement_id      BIGINT       NOT NULL,  -- 1, 2, 3... in journal order
    sequence         BIGINT       NOT NULL,
    business_date    INTEGER      NOT NULL,
    occurred_at      TIMESTAMP    NOT NULL,
    participant_id   BIGINT       NOT NULL,
    instrument_id    INTEGER      NOT NULL,
    amount           BIGINT       NOT NULL,  -- signed: + credited to the participant, - debited
    balance_after    BIGINT       NOT NULL,
    cause            VARCHAR(24)  NOT NULL,  -- DEPOSIT, WITHDRAWAL, DELIVERY, RECEIPT, PAYMENT, COLLECTION
    deal_id          BIGINT,
    counterparty_id  BIGINT,
    CONSTRAINT pk_movement PRIMARY KEY (movement_id)
);
CREATE INDEX ix_movement_day ON movement (business_date, participant_id, instrument_id);

-- The chart of accounts (docs/reports.md): one securities or cash account per participant and
-- instrument, a settlement clearing account and an external (issuance / nostro) account per instrument.
CREATE TABLE account (
    account_code     VARCHAR(40)  NOT NULL,
    account_class    VARCHAR(16)  NOT NULL,  -- PARTICIPANT, CLEARING, EXTERNAL
    participant_id   BIGINT,
    instrument_id    INTEGER      NOT NULL,
    name             VARCHAR(256) NOT NULL,
    CONSTRAINT pk_account PRIMARY KEY (account_code)
);

-- Double-entry postings: each row debits one account and credits another by the same amount.
CREATE TABLE posting (
    posting_id       BIGINT       NOT NULL,
    movement_id      BIGINT       NOT NULL,
    sequence         BIGINT       NOT NULL,
    business_date    INTEGER      NOT NULL,
    occurred_at      TIMESTAMP    NOT NULL,
    debit_account    VARCHAR(40)  NOT NULL,
    credit_account   VARCHAR(40)  NOT NULL,
    instrument_id    INTEGER      NOT NULL,
    amount           BIGINT       NOT NULL,  -- positive, minor units
    deal_id          BIGINT,
    narrative        VARCHAR(256) NOT NULL,
    CONSTRAINT pk_posting PRIMARY KEY (posting_id)
);
CREATE INDEX ix_posting_day ON posting (business_date);

-- Each participant's balance per instrument at the close of each business day (written when the
-- business date moves on), for every (participant, instrument) that has ever held a balance.
CREATE TABLE eod_position (
    business_date    INTEGER      NOT NULL,
    participant_id   BIGINT       NOT NULL,
    instrument_id    INTEGER      NOT NULL,
    balance          BIGINT       NOT NULL,
    CONSTRAINT pk_eod_position PRIMARY KEY (business_date, participant_id, instrument_id)
);

-- The current balances (the projector's own running totals, committed with each batch).
CREATE TABLE balance (
    participant_id   BIGINT       NOT NULL,
    instrument_id    INTEGER      NOT NULL,
    balance          BIGINT       NOT NULL,
    CONSTRAINT pk_balance PRIMARY KEY (participant_id, instrument_id)
);

-- Every limit set, with the utilisation at the time.
CREATE TABLE limit_history (
    sequence         BIGINT       NOT NULL,
    participant_id   BIGINT       NOT NULL,
    limit_kind       VARCHAR(16)  NOT NULL,  -- CREDIT, COUNTERPARTY, DELIVERY
    limit_key        BIGINT       NOT NULL,  -- currency, counterparty or security id
    amount           BIGINT       NOT NULL,
    utilised         BIGINT       NOT NULL,
    occurred_at      TIMESTAMP    NOT NULL,
    business_date    INTEGER      NOT NULL,
    CONSTRAINT pk_limit_history PRIMARY KEY (sequence)
);

CREATE TABLE business_day (
    business_date    INTEGER      NOT NULL,
    opened_sequence  BIGINT       NOT NULL,
    opened_at        TIMESTAMP    NOT NULL,
    closed_sequence  BIGINT,
    closed_at        TIMESTAMP,
    CONSTRAINT pk_business_day PRIMARY KEY (business_date)
);

CREATE TABLE settlement_cycle (
    sequence         BIGINT       NOT NULL,
    business_date    INTEGER      NOT NULL,
    occurred_at      TIMESTAMP    NOT NULL,
    attempted        BIGINT       NOT NULL,
    settled          BIGINT       NOT NULL,
    failed           BIGINT       NOT NULL,
    CONSTRAINT pk_settlement_cycle PRIMARY KEY (sequence)
);

CREATE TABLE cycle_value (
    sequence         BIGINT       NOT NULL,
    currency_id      INTEGER      NOT NULL,
    settled_value    NUMERIC(38,0) NOT NULL,
    settled_count    BIGINT       NOT NULL,
    CONSTRAINT pk_cycle_value PRIMARY KEY (sequence, currency_id)
);
