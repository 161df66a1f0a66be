package org.faceemotion.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.faceemotion.core.model.Emotion;
import org.faceemotion.core.model.FaceQuality;
import org.faceemotion.core.pipeline.ResultRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corrections of a table (issue #28), on rows made here: three people, one of them split in two by the tracker, and a poster. */
class CorrectionsTest {
	/** 10 frames a second for 4 s: A left (id 1), B right but tracked as 2 then 3 from 2 s on, a poster (id 4) in a corner. */
	static List<ResultRow> table(int idShift, double dx) {
		List<ResultRow> rows = new ArrayList<>();
		for (int f = 0; f < 40; f++) {
			double t = f * 0.1;
			rows.add(row(1 + idShift, f, t, 100 + dx, Emotion.HAPPY));
			rows.add(row((t < 2 ? 2 : 3) + idShift, f, t, 400 + dx, Emotion.SAD));
			rows.add(row(4 + idShift, f, t, 600 + dx, Emotion.NEUTRAL));
		}
		return rows;
	}

	static ResultRow row(int id, int frame, double t, double x, Emotion e) {
		ResultRow r = LabOutputsTest.row(id, frame, t, e, 0.8, FaceQuality.Label.OK);
		r.x = x;
		r.y = 100;
		return r;
	}

	static List<Integer> ids(List<ResultRow> rows) {
		return rows.stream().map(r -> r.faceId).distinct().sorted().collect(Collectors.toList());
	}

	@Test
	void editsGiveTheCorrectedRowsAndTheRawOnesStayAsTheyAre() {
		List<ResultRow> raw = table(0, 0);
		Corrections c = new Corrections();
		c.add(raw, Corrections.Edit.merge(2, 3));
		c.add(raw, Corrections.Edit.delete(4));
		c.add(raw, Corrections.Edit.rename(2, "P02"));
		c.add(raw, Corrections.Edit.split(1, 3.0));
		Corrections.Outcome o = c.add(raw, Corrections.Edit.exclude(0, 1.0, 1.45, "hand over face"));
		assertEquals(List.of(1, 2, 5), ids(o.rows), "3 merged into 2, 4 deleted, 1 split: its later part is 5");
		assertEquals(5, c.edits.get(3).other, "the split records the id its later part got");
		assertTrue(o.rows.stream().filter(r -> r.faceId == 2).allMatch(r -> "P02".equals(r.participant)));
		assertEquals(10, o.rows.stream().filter(r -> r.faceId == 5).count());
		assertEquals(10, o.rows.stream().filter(r -> r.excluded != null).count(), "frames 10-14 of faces 1 and 2");
		assertTrue(o.rows.stream().filter(r -> r.faceId == 2 && r.timeSec >= 2).allMatch(r -> r.edited));
		assertTrue(raw.stream().noneMatch(r -> r.edited || r.participant != null || r.excluded != null), "raw rows untouched");
		assertEquals(List.of(1, 2, 3, 4), ids(raw));
		// an edit that does not fit is refused with the reason, and nothing changes
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.add(raw, Corrections.Edit.merge(2, 9)));
		assertTrue(e.getMessage().contains("face 9 is not in the table"), e.getMessage());
		assertEquals(5, c.edits.size());
		assertTrue(c.undo());
		assertEquals(0, Corrections.apply(raw, c.edits).rows.stream().filter(r -> r.excluded != null).count(), "undone");
		// merging two faces seen in the same frames keeps both rows but excludes the merged one there
		Corrections.Outcome same = Corrections.apply(raw, List.of(Corrections.Edit.merge(1, 4)));
		assertEquals(40, same.rows.stream().filter(r -> r.faceId == 1 && r.excluded != null).count());
	}

	@Test
	void theFileRoundTripsAndAFreshRunGetsTheEditsByOverlap(@TempDir Path tmp) throws Exception {
		List<ResultRow> raw = table(0, 0);
		Corrections c = new Corrections();
		c.table = "clip.csv";
		c.tableSha256 = "abc";
		c.author = "rater 1, 2026-12-02";
		c.add(raw, Corrections.Edit.merge(2, 3));
		c.add(raw, Corrections.Edit.delete(4));
		c.add(raw, Corrections.Edit.split(1, 3.0));
		c.add(raw, Corrections.Edit.rename(5, "P01b"));
		c.add(raw, Corrections.Edit.exclude(2, 0.5, 0.8, "turned away"));
		Path f = tmp.resolve("clip-corrections.json");
		c.write(f);
		String json = Files.readString(f);
		assertTrue(json.contains("\"op\": \"merge\"") && json.contains("\"says\": \"merge face 3 into face 2\""), json);
		Corrections back = Corrections.read(f);
		assertEquals(c.edits.size(), back.edits.size());
		assertEquals("rater 1, 2026-12-02", back.author);
		assertEquals(4, back.tracks.size(), "boxes of faces 1, 2, 3 and 4");
		List<ResultRow> same = back.applyTo(raw, "abc").rows, direct = Corrections.apply(raw, c.edits).rows;
		assertEquals(direct.size(), same.size());

		// a fresh run: other ids (+10) and boxes moved by 8 px: every edit finds its faces
		List<ResultRow> fresh = table(10, 8);
		Corrections.Outcome o = back.applyTo(fresh, "other");
		assertTrue(o.notApplied.isEmpty(), o.notApplied.toString());
		assertTrue(o.applied.get(0).startsWith("face 1 is face 11 here"), o.applied.toString());
		assertEquals(List.of(11, 12, 15), ids(o.rows), "14 deleted, 13 merged into 12, 11 split into 15");
		assertTrue(o.rows.stream().filter(r -> r.faceId == 15).allMatch(r -> "P01b".equals(r.participant)), "the name follows the split part");
		// a run in which the poster is gone and B is one id: the delete does not fit and is reported, the merge is already done
		List<ResultRow> other = new ArrayList<>();
		for (ResultRow r : table(0, 0))
			if (r.faceId != 4) {
				if (r.faceId == 3)
					r.faceId = 2;
				other.add(r);
			}
		o = back.applyTo(other, "third");
		assertEquals(1, o.notApplied.size(), o.notApplied.toString());
		assertTrue(o.notApplied.get(0).startsWith("delete face 4") && o.notApplied.get(0).contains("no match"), o.notApplied.get(0));
		assertTrue(o.applied.stream().anyMatch(a -> a.startsWith("face 4: no face here overlaps")), o.applied.toString());
		// a broken file names itself and the edit
		Files.writeString(tmp.resolve("bad.json"), "{\"format\": \"face-emotion corrections 1\", \"edits\": [{\"op\": \"merge\", \"id\": 1}]}");
		java.io.IOException e = assertThrows(java.io.IOException.class, () -> Corrections.read(tmp.resolve("bad.json")));
		assertTrue(e.getMessage().contains("bad.json: edit 1"), e.getMessage());
		Files.writeString(tmp.resolve("other.json"), "{\"a\": 1}");
		e = assertThrows(java.io.IOException.class, () -> Corrections.read(tmp.resolve("other.json")));
		assertTrue(e.getMessage().contains("not a Face Emotion corrections file"), e.getMessage());
		assertNull(Corrections.read(f).saved);
	}
}
