package be.belfort.ingestion;

import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProvisioningDocumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode object(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }

    @Test
    void aDeviceTakesItsGroupsMappingsForKeysItDoesNotMapItself() throws Exception {
        DeviceGroup group = ProvisioningDocuments.group("city", object("""
                {"apikey": "k", "entity_type": "AirQualityObserved",
                 "attributes": [{"object_id": "t", "name": "temperature", "type": "Number"},
                                {"object_id": "h", "name": "humidity", "type": "Number"}],
                 "static_attributes": [{"name": "source", "type": "Text", "value": "city"}]}"""));
        Device device = ProvisioningDocuments.device("city", object("""
                {"device_id": "d1", "dev_eui": "70b3d57ed0000001",
                 "attributes": [{"object_id": "t", "name": "airTemperature", "type": "Number"}]}""")).within(group);
        assertThat(device.entityType()).isEqualTo("AirQualityObserved");
        assertThat(device.entityName()).isEqualTo("urn:ngsi-ld:AirQualityObserved:d1");
        assertThat(device.devEui()).isEqualTo("70B3D57ED0000001");
        assertThat(device.attributes()).extracting(AttributeMapping::name).containsExactly("airTemperature", "humidity");
        assertThat(device.staticAttributes()).extracting(StaticAttribute::name).containsExactly("source");
    }

    @Test
    void documentsThatCannotWorkAreRefused() throws Exception {
        assertThatThrownBy(() -> ProvisioningDocuments.device("city", object("{\"entity_type\": \"X\"}")))
                .isInstanceOf(NgsiLdException.class).hasMessageContaining("'device_id' is required");
        assertThatThrownBy(() -> ProvisioningDocuments.device("city", object("{\"device_id\": \"d\", \"dev_eui\": \"12\"}")))
                .hasMessageContaining("16 hexadecimal digits");
        assertThatThrownBy(() -> ProvisioningDocuments.device("city", object(
                "{\"device_id\": \"d\", \"attributes\": [{\"object_id\": \"a\", \"name\": \"x\"}, {\"object_id\": \"a\", \"name\": \"y\"}]}")))
                .hasMessageContaining("Two attributes map the key 'a'");
        assertThatThrownBy(() -> ProvisioningDocuments.elements(object("{\"devices\": {}}"), "devices"))
                .hasMessageContaining("non-empty 'devices' array");
        assertThatThrownBy(() -> ProvisioningDocuments.updated(object("{\"device_id\": \"d\"}"),
                object("{\"device_id\": \"e\"}"), "device_id")).hasMessageContaining("cannot change");
    }
}
