package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AnimalTest {
    @Test
    void eachRunnerKnowsItsRivalAndPrintsLikeRustsDebug() {
        assertEquals(Animal.DOG, Animal.CAT.rival());
        assertEquals(Animal.CAT, new Animal("Dog", "Rex").rival());
        assertEquals("Cat { name: \"Felix\" }", Animal.CAT.toString());
    }
}
