package org.faceemotion.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.faceemotion.TestData;
import org.faceemotion.core.model.Emotion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FerPlusVotesTest {
	private static final String HEADER = "file,fer2013_label,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF\n";

	@Test
	void distributionsMajoritiesAndExclusionsFollowFerPlusRules(@TempDir Path tmp) throws Exception {
		Path csv = tmp.resolve(FerPlusVotes.FILE);
		Files.writeString(csv, HEADER
				+ "val/angry/a.jpg,angry,2,0,0,1,7,0,0,0,0,0\n" // majority angry, 2/10 neutral
				+ "val/sad/b.jpg,sad,4,0,0,4,0,0,0,2,0,0\n" // tie: no majority, usable
				+ "val/fear/c.jpg,fear,1,0,0,0,0,0,0,0,6,3\n" // unknown on top: not usable
				+ "val/happy/d.jpg,happy,0,0,0,0,0,0,0,6,4,0\n" // contempt on top: no majority, no emotion vote: not usable
				+ "val/happy/e.jpg,happy,0,3,0,0,0,0,0,5,0,0\n", // contempt on top: usable (happy 1.0 after dropping contempt)
				StandardCharsets.UTF_8);
		FerPlusVotes votes = FerPlusVotes.load(csv);
		assertEquals(5, votes.rows());
		String[] names = { "val/angry/a.jpg", "val/sad/b.jpg", "val/fear/c.jpg", "val/happy/d.jpg", "val/happy/e.jpg", "val/happy/none.jpg" };
		String[] sources = new String[names.length];
		for (int i = 0; i < names.length; i++)
			sources[i] = tmp.resolve(names[i]).toString();
		FerDataset data = new FerDataset(new byte[names.length][1], new int[names.length], sources);
		FerPlusVotes.Matched m = votes.match(data);
		assertEquals(Emotion.ANGRY.ordinal(), m.majority(0));
		assertEquals(-1, m.majority(1));
		assertEquals(-1, m.majority(3));
		assertEquals(-1, m.majority(4));
		assertEquals(-1, m.majority(5));
		assertEquals(1, m.majorities());
		assertTrue(m.usable(0) && m.usable(1) && m.usable(4));
		assertFalse(m.usable(2) || m.usable(3) || m.usable(5));
		assertFalse(m.hasRow(5));
		float[] d = new float[Emotion.COUNT];
		assertTrue(m.distribution(0, d, 0));
		assertEquals(0.7f, d[Emotion.ANGRY.ordinal()], 1e-6);
		assertEquals(0.2f, d[Emotion.NEUTRAL.ordinal()], 1e-6);
		assertEquals(0.1f, d[Emotion.SAD.ordinal()], 1e-6);
		assertTrue(m.distribution(1, d, 0)); // contempt dropped, the rest renormalised
		assertEquals(0.5f, d[Emotion.SAD.ordinal()], 1e-6);
		assertEquals(0.5f, d[Emotion.NEUTRAL.ordinal()], 1e-6);
		assertTrue(m.distribution(4, d, 0));
		assertEquals(1f, d[Emotion.HAPPY.ordinal()], 1e-6);
		double[] prior = m.prior();
		assertEquals((0.2 + 0.5) / 3, prior[Emotion.NEUTRAL.ordinal()], 1e-6);
		assertEquals(1.0 / 3, prior[Emotion.HAPPY.ordinal()], 1e-6);

		// a copy of the tree elsewhere is matched by split/class/file
		FerDataset moved = new FerDataset(new byte[1][1], new int[1], new String[] { "/elsewhere/val/angry/a.jpg" });
		assertEquals(Emotion.ANGRY.ordinal(), votes.match(moved).majority(0));
	}

	@Test
	void badFilesAndModesAreRefusedInWords(@TempDir Path tmp) throws Exception {
		Path csv = tmp.resolve("v.csv");
		Files.writeString(csv, "file,neutral\nx.jpg,1\n", StandardCharsets.UTF_8);
		FerDataset.DatasetException e = assertThrows(FerDataset.DatasetException.class, () -> FerPlusVotes.load(csv));
		assertTrue(e.getMessage().contains("v.csv") && e.getMessage().contains("happiness"), e.getMessage());
		Files.writeString(csv, HEADER + "a.jpg,angry,2,x,0,1,7,0,0,0,0,0\n", StandardCharsets.UTF_8);
		e = assertThrows(FerDataset.DatasetException.class, () -> FerPlusVotes.load(csv));
		assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("happiness"), e.getMessage());

		assertEquals(1.0, FerPlusVotes.TargetMode.parse("ferplus").voteWeight);
		assertEquals(0.0, FerPlusVotes.TargetMode.parse("FER2013").voteWeight);
		assertEquals(0.25, FerPlusVotes.TargetMode.parse("mix:0.25").voteWeight);
		assertEquals("mix:0.25", FerPlusVotes.TargetMode.parse("mix:0.25").toString());
		assertThrows(IllegalArgumentException.class, () -> FerPlusVotes.TargetMode.parse("mix:2"));
		assertThrows(IllegalArgumentException.class, () -> FerPlusVotes.TargetMode.parse("votes"));
	}

	@Test
	void theSharedVotesCoverNearlyEveryValImage() throws Exception {
		Path csv = FerPlusVotes.find(TestData.fer().resolve("val"));
		assertEquals(TestData.fer().resolve(FerPlusVotes.FILE).toAbsolutePath().normalize(), csv);
		FerDataset val = FerDataset.load(TestData.fer(), "val", w -> {
		});
		FerPlusVotes.Matched m = FerPlusVotes.load(csv).match(val);
		int rows = 0;
		for (int i = 0; i < m.size(); i++)
			if (m.hasRow(i))
				rows++;
		assertEquals(3579, rows, "README: 3,579 of 3,589 val images have votes");
		assertTrue(m.majorities() > 3000 && m.majorities() < rows, "one-emotion majorities: " + m.majorities());
	}
}
