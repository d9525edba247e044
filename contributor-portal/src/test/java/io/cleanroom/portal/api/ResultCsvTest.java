package io.cleanroom.portal.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cleanroom.crypto.json.CanonicalJson;
import org.junit.jupiter.api.Test;

class ResultCsvTest {

  @Test
  void quotesWhatNeedsItAndDefusesFormulasButNotNumbers() {
    String csv =
        ResultCsv.of(
            CanonicalJson.parse(
                "{\"columns\":[{\"name\":\"band\",\"type\":\"varchar\"},{\"name\":\"=n\",\"type\":\"bigint\"},"
                    + "{\"name\":\"total\",\"type\":\"decimal\"}],"
                    + "\"rows\":[[\"a,b\",1,\"-12.50\"],[\"say \\\"hi\\\"\",-2,null],"
                    + "[\"=HYPERLINK(\\\"x\\\")\",3,\"+7\"],[\"@sum\",4,\"1e3\"],[\"line\\nbreak\",5,\"-\"]]}"));
    assertThat(csv.split("\r\n", -1))
        .containsExactly(
            "band,'=n,total",
            "\"a,b\",1,-12.50",
            "\"say \"\"hi\"\"\",-2,",
            "\"'=HYPERLINK(\"\"x\"\")\",3,+7",
            "'@sum,4,1e3",
            "\"line\nbreak\",5,'-",
            "");
  }
}
