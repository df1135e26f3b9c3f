-- The reports read model, version 1, for Oracle (19c and later): the same tables, columns, keys and
-- indexes as db/migration/common/V1__read_model.sql (H2 and PostgreSQL), in Oracle's types: BIGINT as
-- NUMBER(19), INTEGER as NUMBER(10), SMALLINT as NUMBER(5), VARCHAR as VARCHAR2, NUMERIC as NUMBER.
-- UNTESTED: no Oracle database was available to run it or the projector against (docs/read-model.md).
-- Keep it in step with the common migration: a change there is a change here.

-- Where the projector stands: one row per projector, written in the same transaction as the rows
-- it applied, so that a restart resumes exactly after the last committed batch.
CREATE TABLE projector_progress (
    projector        VARCHAR2(32)  NOT NULL,
    command_index    NUMBER(19)       NOT NULL,  -- Chronicle index of the command journal excerpt to resume from
    command_record   NUMBER(10)      NOT NULL,  -- records of that excerpt already applied
    event_index      NUMBER(19)       NOT NULL,  -- Chronicle index of the event journal excerpt to resume from
    event_record     NUMBER(10)      NOT NULL,  -- records of that excerpt already applied
    last_sequence    NUMBER(19)       NOT NULL,  -- the last command sequence applied (0: none)
    last_sequence_events NUMBER(10)  NOT NULL,  -- events of that command applied (a batch may end inside a command's events)
    business_date    NUMBER(10)      NOT NULL,  -- the business date after it (yyyymmdd; 0 before the first)
    next_movement_id NUMBER(19)       NOT NULL,
    next_posting_id  NUMBER(19)       NOT NULL,
    updated_at       TIMESTAMP    NOT NULL,
    CONSTRAINT pk_projector_progress PRIMARY KEY (projector)
);

CREATE TABLE participant (
    participant_id   NUMBER(19)       NOT NULL,
    role             VARCHAR2(16)  NOT NULL,  -- MEMBER, RISK, OPERATOR, AUDITOR
    name             VARCHAR2(256),           -- NULL when created by a build before reference data for people
    short_code       VARCHAR2(16),
    created_sequence NUMBER(19)       NOT NULL,
    created_at       TIMESTAMP    NOT NULL,
    CONSTRAINT pk_participant PRIMARY KEY (participant_id)
);

CREATE TABLE instrument (
    instrument_id    NUMBER(10)      NOT NULL,
    kind             VARCHAR2(16)  NOT NULL,  -- SECURITY or CURRENCY
    code             VARCHAR2(16)  NOT NULL,  -- the instrument code; a currency's ISO 4217 code
    isin             VARCHAR2(12),            -- securities: ISO 6166, check digit verified by the engine
    name             VARCHAR2(256),
    minor_units      NUMBER(5)      NOT NULL,  -- decimal places of an amount (currencies 0-4; securities 0)
    created_sequence NUMBER(19)       NOT NULL,
    created_at       TIMESTAMP    NOT NULL,
    CONSTRAINT pk_instrument PRIMARY KEY (instrument_id)
);

-- Every deal ever registered, rejected ones included (those have no deal_id).
CREATE TABLE deal (
    registration_sequence NUMBER(19)      NOT NULL,  -- the SubmitDeal command that registered (or was refused)
    deal_id          NUMBER(19),                     -- the engine's id; NULL for a rejected deal
    submitter_id     NUMBER(19)       NOT NULL,
    client_deal_id   NUMBER(19)       NOT NULL,
    buyer_id         NUMBER(19)       NOT NULL,
    seller_id        NUMBER(19)       NOT NULL,
    security_id      NUMBER(10)      NOT NULL,
    currency_id      NUMBER(10)      NOT NULL,
    quantity         NUMBER(19)       NOT NULL,
    cash_amount      NUMBER(19)       NOT NULL,
    settlement_date  NUMBER(10)      NOT NULL,      -- yyyymmdd
    deal_type        VARCHAR2(8)   NOT NULL,      -- DVP or FOP
    status           VARCHAR2(16)  NOT NULL,      -- PENDING, SETTLED, CANCELLED, REJECTED
    reject_reason    VARCHAR2(48),                -- REJECTED: the engine's reason code name
    registered_at    TIMESTAMP    NOT NULL,
    registered_business_date NUMBER(10) NOT NULL,
    failed_attempts  NUMBER(10)      NOT NULL,
    first_failed_business_date NUMBER(10),
    last_fail_reason VARCHAR2(48),
    finished_sequence NUMBER(19),                    -- the command that settled or cancelled it
    finished_at      TIMESTAMP,
    finished_business_date NUMBER(10),
    CONSTRAINT pk_deal PRIMARY KEY (registration_sequence)
);
CREATE UNIQUE INDEX ux_deal_id ON deal (deal_id);
CREATE INDEX ix_deal_registered_day ON deal (registered_business_date);
CREATE INDEX ix_deal_finished_day ON deal (finished_business_date);

-- Every state change of a deal, in journal order: REGISTERED, REJECTED, SETTLEMENT_FAILED (an
-- attempt that could not complete), SETTLED, CANCELLED.
CREATE TABLE deal_event (
    sequence         NUMBER(19)       NOT NULL,
    ordinal          NUMBER(10)      NOT NULL,  -- the event's place among those of its command
    registration_sequence NUMBER(19)  NOT NULL,
    deal_id          NUMBER(19),
    kind             VARCHAR2(24)  NOT NULL,
    reason           VARCHAR2(48),
    occurred_at      TIMESTAMP    NOT NULL,
    business_date    NUMBER(10)      NOT NULL,
    CONSTRAINT pk_deal_event PRIMARY KEY (sequence, ordinal)
);
CREATE INDEX ix_deal_event_deal ON deal_event (registration_sequence);

-- Every balance change with its cause.
CREATE TABLE movement (
    movement_id      NUMBER(19)       NOT NULL,  -- 1, 2, 3... in journal order
    sequence         NUMBER(19)       NOT NULL,
    business_date    NUMBER(10)      NOT NULL,
    occurred_at      TIMESTAMP    NOT NULL,
    participant_id   NUMBER(19)       NOT NULL,
    instrument_id    NUMBER(10)      NOT NULL,
    amount           NUMBER(19)       NOT NULL,  -- signed: + credited to the participant, - debited
    balance_after    NUMBER(19)       NOT NULL,
    cause            VARCHAR2(24)  NOT NULL,  -- DEPOSIT, WITHDRAWAL, DELIVERY, RECEIPT, PAYMENT, COLLECTION
    deal_id          NUMBER(19),
    counterparty_id  NUMBER(19),
    CONSTRAINT pk_movement PRIMARY KEY (movement_id)
);
CREATE INDEX ix_movement_day ON movement (business_date, participant_id, instrument_id);

-- The chart of accounts (docs/reports.md): one securities or cash account per participant and
-- instrument, a settlement clearing account and an external (issuance / nostro) account per instrument.
CREATE TABLE account (
    account_code     VARCHAR2(40)  NOT NULL,
    account_class    VARCHAR2(16)  NOT NULL,  -- PARTICIPANT, CLEARING, EXTERNAL
    participant_id   NUMBER(19),
    instrument_id    NUMBER(10)      NOT NULL,
    name             VARCHAR2(256) NOT NULL,
    CONSTRAINT pk_account PRIMARY KEY (account_code)
);

-- Double-entry postings: each row debits one account and credits another by the same amount.
CREATE TABLE posting (
    posting_id       NUMBER(19)       NOT NULL,
    movement_id      NUMBER(19)       NOT NULL,
    sequence         NUMBER(19)       NOT NULL,
    business_date    NUMBER(10)      NOT NULL,
    occurred_at      TIMESTAMP    NOT NULL,
    debit_account    VARCHAR2(40)  NOT NULL,
    credit_account   VARCHAR2(40)  NOT NULL,
    instrument_id    NUMBER(10)      NOT NULL,
    amount           NUMBER(19)       NOT NULL,  -- positive, minor units
    deal_id          NUMBER(19),
    narrative        VARCHAR2(256) NOT NULL,
    CONSTRAINT pk_posting PRIMARY KEY (posting_id)
);
CREATE INDEX ix_posting_day ON posting (business_date);

-- Each participant's balance per instrument at the close of each business day (written when the
-- business date moves on), for every (participant, instrument) that has ever held a balance.
CREATE TABLE eod_position (
    business_date    NUMBER(10)      NOT NULL,
    participant_id   NUMBER(19)       NOT NULL,
    instrument_id    NUMBER(10)      NOT NULL,
    balance          NUMBER(19)       NOT NULL,
    CONSTRAINT pk_eod_position PRIMARY KEY (business_date, participant_id, instrument_id)
);

-- The current balances (the projector's own running totals, committed with each batch).
CREATE TABLE balance (
    participant_id   NUMBER(19)       NOT NULL,
    instrument_id    NUMBER(10)      NOT NULL,
    balance          NUMBER(19)       NOT NULL,
    CONSTRAINT pk_balance PRIMARY KEY (participant_id, instrument_id)
);

-- Every limit set, with the utilisation at the time.
CREATE TABLE limit_history (
    sequence         NUMBER(19)       NOT NULL,
    participant_id   NUMBER(19)       NOT NULL,
    limit_kind       VARCHAR2(16)  NOT NULL,  -- CREDIT, COUNTERPARTY, DELIVERY
    limit_key        NUMBER(19)       NOT NULL,  -- currency, counterparty or security id
    amount           NUMBER(19)       NOT NULL,
    utilised         NUMBER(19)       NOT NULL,
    occurred_at      TIMESTAMP    NOT NULL,
    business_date    NUMBER(10)      NOT NULL,
    CONSTRAINT pk_limit_history PRIMARY KEY (sequence)
);

CREATE TABLE business_day (
    business_date    NUMBER(10)      NOT NULL,
    opened_sequence  NUMBER(19)       NOT NULL,
    opened_at        TIMESTAMP    NOT NULL,
    closed_sequence  NUMBER(19),
    closed_at        TIMESTAMP,
    CONSTRAINT pk_business_day PRIMARY KEY (business_date)
);

CREATE TABLE settlement_cycle (
    sequence         NUMBER(19)       NOT NULL,
    business_date    NUMBER(10)      NOT NULL,
    occurred_at      TIMESTAMP    NOT NULL,
    attempted        NUMBER(19)       NOT NULL,
    settled          NUMBER(19)       NOT NULL,
    failed           NUMBER(19)       NOT NULL,
    CONSTRAINT pk_settlement_cycle PRIMARY KEY (sequence)
);

CREATE TABLE cycle_value (
    sequence         NUMBER(19)       NOT NULL,
    currency_id      NUMBER(10)      NOT NULL,
    settled_value    NUMBER(38,0) NOT NULL,
    settled_count    NUMBER(19)       NOT NULL,
    CONSTRAINT pk_cycle_value PRIMARY KEY (sequence, currency_id)
);
