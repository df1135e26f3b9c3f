package io.settlement.reports;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/**
 * Where the statement's forms (CSV, HTML, PDF, the 1C file) read a statement's movements from: the
 * read model one participant at a time ({@link StatementQuery}), or the lines a day's set has read in
 * one pass over the day's movements ({@link DayStatements}). Both give the same lines in the same
 * order, so the files are the same whichever wrote them.
 */
public interface StatementLines
{
    /** Streams the statement's lines: by instrument (in id order), each in journal order. */
    void forEachLine(Statement statement, StatementQuery.LineHandler handler) throws SQLException, IOException;

    /**
     * Streams the lines of some of the statement's instruments (e.g. its currencies), by instrument then
     * journal order, with the terms of each line's deal if {@code withTerms}.
     */
    void forEachLine(Statement statement, List<Integer> instrumentIds, boolean withTerms, StatementQuery.LineHandler handler)
        throws SQLException, IOException;

    /** The first {@code maxLines} lines of one account (0: all), in journal order. */
    List<Statement.Line> lines(Statement statement, Statement.Account account, int maxLines) throws SQLException;

    /** The account's balance after the last movement of each minute of the day, in journal order. */
    List<StatementQuery.BalancePoint> balanceByMinute(Statement statement, Statement.Account account) throws SQLException;
}
