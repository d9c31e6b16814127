package be.belfort.datapedia.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Rows that hold a JSON document: read as objects of a type, written from them, every value a bind variable. */
final class JsonRows {
    private final DataSource dataSource;
    private final ObjectMapper json;

    JsonRows(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        // documents written by an older version may carry members this one no longer knows
        this.json = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    String write(Object document) {
        try {
            return json.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A datapedia document could not be written as JSON", e);
        }
    }

    /** The documents of the first column of the statement's rows. */
    <T> List<T> read(String sql, Class<T> type, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            bind(select, parameters);
            List<T> documents = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    documents.add(json.readValue(rows.getString(1), type));
                }
            }
            return documents;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Reading the datapedia failed", e);
        }
    }

    int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Writing the datapedia failed", e);
        }
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }
}
