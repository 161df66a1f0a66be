package org.faceemotion.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.List;

import org.faceemotion.batch.AnnotateOptions;
import org.faceemotion.core.classify.Prior;
import org.faceemotion.core.detect.DetectorKind;
import org.junit.jupiter.api.Test;
import org.scijava.plugin.Parameter;

/**
 * SciJava wants a parameter's choices as constants in the annotation (a DynamicCommand could fill
 * them at run time, but CommandService.run then hands scripts no CommandModule): this test keeps
 * those constants equal to the engine's own lists and defaults, so a new detector or prior cannot
 * be missing from a dialog.
 */
class CommandChoicesTest {
	@Test
	void everyCommandOffersTheEnginesDetectorsAndPriorsWithTheSameDefaults() throws Exception {
		AnnotateOptions defaults = new AnnotateOptions();
		int checked = 0;
		for (Class<?> c : List.of(AnnotateFacesCommand.class, AnnotateVideosCommand.class, LiveViewCommand.class)) {
			Object instance = c.getDeclaredConstructor().newInstance();
			for (Field f : c.getDeclaredFields()) {
				Parameter p = f.getAnnotation(Parameter.class);
				if (p == null)
					continue;
				f.setAccessible(true);
				if (f.getName().equals("detector")) {
					assertEquals(List.of(DetectorKind.ids()), List.of(p.choices()), c.getSimpleName());
					assertEquals(defaults.detector, f.get(instance), c.getSimpleName());
					checked++;
				} else if (f.getName().equals("labels")) {
					assertEquals(List.of(org.faceemotion.core.classify.Labels.ids()), List.of(p.choices()), c.getSimpleName());
					assertEquals(defaults.labels, f.get(instance), c.getSimpleName());
					checked++;
				} else if (f.getName().equals("prior")) {
					assertEquals(List.of(Prior.ids()), List.of(p.choices()), c.getSimpleName());
					assertEquals(defaults.prior, f.get(instance), c.getSimpleName());
					checked++;
				}
			}
		}
		assertTrue(checked == 7, "detector and prior in each of the three commands, labels in Annotate Videos: " + checked);
	}
}
